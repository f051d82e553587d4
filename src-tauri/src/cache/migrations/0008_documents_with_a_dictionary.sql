-- From this schema on, cached documents are zstd frames compressed with the
-- order documents' dictionary (src-tauri/src/cache/dictionary.rs), which
-- each frame names by id. Documents already cached stay as they are and
-- still read; a refreshed copy is written the new way. Nothing in the tables
-- changes: this step exists so that a Box Office from before it, which
-- cannot read such frames, refuses the database instead of failing on
-- every order written since.
SELECT 1;

//! The window's web engine, set up before it starts. On Linux the window is
//! WebKitGTK, which by default composites the page on the GPU and compiles
//! its JavaScript to machine code. The counter's screens are forms and
//! lists that repaint a few rectangles per keystroke; neither pays for
//! itself there, and together they cost about 85 MB in WebKit's web process
//! (docs/benchmarks.md). Without compositing, the page's frames need not
//! reach the window as GPU buffers (DMA-BUF) either, nor does GTK need
//! OpenGL: the window process then loads less of the OpenGL driver (about
//! 6 MB). A variable already set in the environment is left as it is, and
//! `BOX_OFFICE_WEBKIT_DEFAULTS=0` leaves all of them to WebKit and GTK.

/// What is set, unless the environment already says otherwise.
const DEFAULTS: &[(&str, &str)] = &[
    ("WEBKIT_DISABLE_COMPOSITING_MODE", "1"),
    ("JSC_useJIT", "false"),
    ("WEBKIT_DISABLE_DMABUF_RENDERER", "1"),
    ("GDK_GL", "disable"),
];

/// Sets the engine's defaults in this process's environment, which the
/// WebKit processes inherit. Call it first in `main`, before any thread
/// exists: the environment is not safe to change once one does.
pub fn set_defaults() {
    if !cfg!(target_os = "linux")
        || std::env::var_os("BOX_OFFICE_WEBKIT_DEFAULTS").is_some_and(|v| v == "0")
    {
        return;
    }
    for (name, value) in DEFAULTS {
        if std::env::var_os(name).is_none() {
            // SAFETY: called before any other thread is started (see
            // above), so nothing reads the environment concurrently.
            unsafe { std::env::set_var(name, value) };
        }
    }
}

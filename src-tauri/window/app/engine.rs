//! The window's web engine, set up before it starts. On Linux the window is
//! WebKitGTK, which by default composites the page on the GPU and compiles
//! its JavaScript to machine code. The counter's screens are forms and
//! lists that repaint a few rectangles per keystroke; neither pays for
//! itself there, and together they cost about 85 MB in WebKit's web process
//! (docs/benchmarks.md). Without compositing, the page's frames need not
//! reach the window as GPU buffers (DMA-BUF) either, nor does GTK need
//! OpenGL: the window process then loads less of the OpenGL driver (about
//! 6 MB). WebKit would still start that driver (EGL) in the window process
//! only to ask it which GPU render node to hand the web process, which
//! without DMA-BUF frames never uses one; naming the node (or none) spares
//! the window process the driver, about 16 MB with Mesa's software renderer.
//! A variable already set in the environment is left as it is, and
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
        set_unless_set(name, value);
    }
    // Only while frames go without GPU buffers: with them, the web process
    // renders on the node WebKit finds through EGL, and must be left to.
    if std::env::var_os("WEBKIT_DISABLE_DMABUF_RENDERER").is_some_and(|v| v != "0") {
        set_unless_set("WEBKIT_WEB_RENDER_DEVICE_FILE", &render_node());
    }
}

fn set_unless_set(name: &str, value: &str) {
    if std::env::var_os(name).is_none() {
        // SAFETY: called before any other thread is started (see
        // `set_defaults`), so nothing reads the environment concurrently.
        unsafe { std::env::set_var(name, value) };
    }
}

/// The first GPU render node, as WebKit itself would find it without EGL,
/// or "none": WebKit matches the name against the machine's DRM devices,
/// and a name that matches none means no device, as when there is no GPU.
fn render_node() -> String {
    let mut nodes: Vec<String> = std::fs::read_dir("/dev/dri")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().to_string_lossy().into_owned())
        .filter(|p| p.starts_with("/dev/dri/renderD"))
        .collect();
    nodes.sort();
    nodes
        .into_iter()
        .next()
        .unwrap_or_else(|| "none".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_render_node_is_the_machines_or_none() {
        let node = render_node();
        let has_one = std::fs::read_dir("/dev/dri").is_ok_and(|d| {
            d.flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
        });
        assert_eq!(node != "none", has_one, "{node}");
        assert!(
            node == "none" || node.starts_with("/dev/dri/renderD"),
            "{node}"
        );
    }
}

// Loads the WebAssembly and hydrates the page once the browser has shown
// the server's page (docs/RULES.md §8.2); `app/src/hydration.rs` calls it
// with the bundle's URLs and the name of the body's attribute naming the
// page's lazily loaded modules (never the tag itself in this file: see there).
function (js, wasm, loader, modulesAttribute) {
	let started = false;
	const start = () => {
		if (started) return;
		started = true;
		// Every download at once: nothing waits for the module that asks for it.
		const hint = (rel, href) => {
			const link = document.createElement("link");
			link.rel = rel;
			if (rel === "preload") link.as = "fetch";
			link.crossOrigin = "anonymous";
			link.href = href;
			document.head.append(link);
		};
		const modules = (document.body.getAttribute(modulesAttribute) || "").split(" ").filter(Boolean);
		if (loader) hint("modulepreload", loader);
		for (const module of [wasm, ...modules]) hint("preload", module);
		import(js).then((mod) =>
			mod.default({ module_or_path: wasm }).then(() => mod.hydrate()),
		);
	};
	// A tab in the background paints nothing: nothing to wait for.
	if (document.visibilityState === "hidden") return start();
	document.addEventListener("visibilitychange", () => {
		if (document.visibilityState === "hidden") start();
	});
	// The first contentful paint is reported once it is on the screen;
	// where paint timing is missing, the frame after the first will do.
	const types = (window.PerformanceObserver && PerformanceObserver.supportedEntryTypes) || [];
	if (types.includes("paint")) {
		new PerformanceObserver((list, observer) => {
			if (list.getEntriesByName("first-contentful-paint").length) {
				observer.disconnect();
				start();
			}
		}).observe({ type: "paint", buffered: true });
	} else {
		requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(start)));
	}
	// Should no paint be reported at all, the page still comes alive.
	setTimeout(start, 3000);
}

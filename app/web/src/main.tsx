import "./polyfill";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import "./style.css";

(window as unknown as { __ballastStart: number }).__ballastStart = performance.now();
createRoot(document.getElementById("root")!).render(<App />);

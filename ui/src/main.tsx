// Entry point of the Box Office window.

import { render } from "preact";

import { App } from "./app/App";
import { recordErrors } from "./timings";

recordErrors();

const root = document.getElementById("app");
if (root) render(<App />, root);

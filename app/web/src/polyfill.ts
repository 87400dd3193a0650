// @ballast/client and the Anchor client use Node's `Buffer` as a global; a browser has none.
import { Buffer } from "buffer";

const g = globalThis as unknown as { Buffer?: typeof Buffer };
if (!g.Buffer) g.Buffer = Buffer;

const a = process.env.API_KEY;
const b = process.env["DB_URL"] ?? "postgres://x";
const c = process.env['SINGLE'] || 'd';
const t = process.env[`TPL`];
const tt = process.env[`TPL_${suffix}`];
const dyn = process.env[name];
const dyn2 = process.env[ cfg.prefix + "_HOST" ];
const {A, B: bb, C = 1, "D": d, E: { nested }, ...rest} = process.env;
// process.env.COMMENTED
/* process.env.BLOCK
   process.env.BLOCK2 */
const s = "SELECT process.env.IN_STRING";
const s2 = 'it\'s process.env.IN_ESCAPED';
const tl = `x ${process.env.IN_TEMPLATE} y ${ `${process.env.NESTED}` } process.env.TEMPLATE_TEXT`;
const m = import.meta.env.VITE_X;
const o = process?.env?.OPT;
const o2 = process.env?.["OPT2"];
const re = /process.env.REGEX/g;
const z = a / process.env.DIV / 2;
Deno.env.get("DENO_X");
Bun.env.BUN_X;
process.env.WRITTEN = "1";
const u = process.env["\u0041SC\x49I"];
Object.keys(process.env);

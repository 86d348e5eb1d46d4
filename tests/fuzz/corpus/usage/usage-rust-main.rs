use std::env;
fn main() {
    let a = env::var("RS_A");
    let b = std::env::var_os("RS_B");
    let c = env!("RS_C");
    let d = option_env!("RS_D");
    let e = env::var(r#"RS_RAW"#);
    /* outer /* env::var("RS_NEST") */ env::var("RS_NEST2") */
    let f: &'static str = "x"; let g = env::var("RS_AFTER_LIFETIME");
    let h = '"'; let i = env::var("RS_AFTER_CHAR");
    let j = r#"env::var("RS_IN_RAW")"#;
    let k = env::var(name);
    let l = env!("RS_MSG", "set RS_MSG");
    let all = env::vars();
}

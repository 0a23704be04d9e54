//! The returns page takes what `carefile validate ssda903` does: last year's return, the
//! submitting authority and the postcode directory (streamed as it arrives), and lists the rules
//! it could not run with the input that would turn each on; a CIN census's structural problems are
//! listed by line as `carefile validate cin` lists them.

mod common;

use axum::http::{Method, StatusCode};
use common::world;

const BOUNDARY: &str = "b0undary";

/// A multipart body: text fields, then files as (field, file name, content), in order.
fn multipart(fields: &[(&str, &str)], files: &[(&str, &str, String)]) -> String {
    let mut body = String::new();
    for (name, value) in fields {
        body += &format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
    }
    for (field, file, content) in files {
        body += &format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file}\"\r\nContent-Type: text/csv\r\n\r\n{content}\r\n"
        );
    }
    body + &format!("--{BOUNDARY}--\r\n")
}

fn header(sex: &str) -> String {
    format!("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nX1,{sex},01/01/2015,WBRI,UN1,,\n")
}

/// One episode: own provision (PR1) in Leicester (LE2 2BB), outside Leicestershire (855).
fn episodes() -> String {
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n\
     X1,01/05/2025,S,C2,N1,K2,PR1,,,,LE1 1AA,LE2 2BB,SC123456\n"
        .to_string()
}

/// A postcode directory large enough to arrive in many chunks: the two postcodes the return uses
/// among 60,000 others.
fn directory() -> String {
    let mut csv = String::from("pcd,oslaua,oseast1m,osnrth1m\nLE1 1AA,E07000129,458000,304000\n");
    for i in 0..60_000 {
        csv += &format!("ZZ{} {}ZZ,E07000129,450000,300000\n", i / 10, i % 10);
    }
    csv + "LE2 2BB,E06000016,461000,308000\n"
}

#[tokio::test]
async fn last_year_the_authority_and_streamed_postcodes_turn_rules_on() {
    let w = world();
    let mut analyst = w.signed_in("analyst").await;
    // The CSRF token is the upload form's first field.
    let (path, csrf) = ("/returns", analyst.csrf.clone());
    let ct = format!("multipart/form-data; boundary={BOUNDARY}");
    let this = vec![("files", "header.csv", header("1")), ("files", "episodes.csv", episodes())];

    // The return alone: the rules needing last year, the authority or postcodes are listed, not run.
    let r = analyst.send(Method::POST, path, Some(&ct), &[], multipart(&[("csrf", &csrf), ("which", "ssda903"), ("year", "2026")], &this)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("202: needs last year&#39;s return (--previous)") || r.body.contains("202: needs last year's return (--previous)"), "{}", r.body);
    assert!(r.body.contains("1015: needs postcode reference data"), "{}", r.body);
    assert!(!r.body.contains(">202</td>") && !r.body.contains(">1015</td>"), "{}", r.body);

    // With last year's header (another sex), the authority and the directory last: 202 and 1015 judge.
    let mut all = this.clone();
    all.push(("previous", "header_last.csv", header("2")));
    all.push(("postcodes", "onspd.csv", directory()));
    let r = analyst.send(Method::POST, path, Some(&ct), &[], multipart(&[("csrf", &csrf), ("which", "ssda903"), ("year", "2026"), ("la", "855")], &all)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains(">202</td>"), "202 compares with last year: {}", r.body);
    assert!(r.body.contains(">1015</td>"), "1015 places PR1 outside 855: {}", r.body);
    assert!(!r.body.contains("202: needs") && !r.body.contains("1015: needs"), "{}", r.body);
    assert!(r.body.contains("value=\"855\""), "the authority stays in the form: {}", r.body);

    // An authority that does not exist is said so, as the command line does.
    let r = analyst.send(Method::POST, path, Some(&ct), &[], multipart(&[("csrf", &csrf), ("which", "ssda903"), ("year", "2026"), ("la", "Nowhere")], &this)).await;
    assert!(r.body.contains("authority: &#39;Nowhere&#39; is not") || r.body.contains("authority: 'Nowhere' is not"), "{}", r.body);

    // A directory without the columns it needs is an error naming the file, whatever follows it.
    let mut broken = this.clone();
    broken.push(("postcodes", "onspd.csv", "postcode,authority\nLE1 1AA,E07000129\n".repeat(20_000)));
    let r = analyst.send(Method::POST, path, Some(&ct), &[], multipart(&[("csrf", &csrf), ("which", "ssda903"), ("year", "2026")], &broken)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("onspd.csv"), "{}", r.body);
}

#[tokio::test]
async fn a_censuss_structure_is_listed_by_line_as_the_command_line_lists_it() {
    let w = world();
    let mut analyst = w.signed_in("analyst").await;
    let (path, csrf) = ("/returns", analyst.csrf.clone());
    let ct = format!("multipart/form-data; boundary={BOUNDARY}");
    // A census whose child's identifiers come in the wrong order, with an element of no census.
    let census = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Message>\n<Header><CollectionDetails><Collection>CIN</Collection>\
        <Year>2026</Year><ReferenceDate>2026-03-31</ReferenceDate></CollectionDetails></Header>\n<Children>\n<Child>\n\
        <ChildIdentifiers>\n<Sex>F</Sex>\n<LAchildID>A1</LAchildID>\n<PersonBirthDate>2015-01-01</PersonBirthDate>\n\
        <Favourite>blue</Favourite>\n</ChildIdentifiers>\n</Child>\n</Children>\n</Message>\n";
    let expected = carefile_cin::check(census.as_bytes(), carefile_domain::CollectionYear::new(2026)).unwrap().report.structure;
    assert!(expected.len() >= 2, "the census was meant to have structural problems: {expected:?}");
    let files = vec![("files", "census.xml", census.to_string())];
    let r = analyst.send(Method::POST, path, Some(&ct), &[], multipart(&[("csrf", &csrf), ("which", "cin"), ("year", "2026")], &files)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("The file&#39;s structure") || r.body.contains("The file's structure"), "{}", r.body);
    for p in &expected {
        let message = maud::html! { (p.message) }.into_string();
        assert!(r.body.contains(&format!(">{}</td>", p.line)) && r.body.contains(&message), "line {}: {message} is not on the page: {}", p.line, r.body);
    }
}

#[tokio::test]
async fn a_server_given_the_browser_validator_serves_its_files_alone_and_the_returns_page_links_it() {
    let w = world();
    let dir = tempfile::tempdir().unwrap();
    for (name, body) in [("index.html", "<!DOCTYPE html><title>v</title>"), ("module.mjs", "export const MODULE = '';"), ("secret.txt", "not served")] {
        std::fs::write(dir.path().join(name), body).unwrap();
    }
    // Without the folder there is nothing at /validator/ and no link.
    assert_eq!(w.client().get("/validator/").await.status, StatusCode::NOT_FOUND);
    assert!(!w.signed_in("analyst").await.get("/returns").await.body.contains("/validator/"));

    let (app, _) = w.another_server(carefile_web::Config { validator: Some(dir.path().into()), ..Default::default() });
    let mut anyone = w.client_of(&app);
    let r = anyone.get("/validator/").await;
    assert_eq!(r.status, StatusCode::OK, "served to anyone: it holds no data");
    assert_eq!(r.headers["content-security-policy"], carefile_web::validator::VALIDATOR_CSP);
    assert!(carefile_web::validator::VALIDATOR_CSP.contains("connect-src 'none'"));
    assert_eq!(anyone.get("/validator/module.mjs").await.headers["content-type"], "text/javascript; charset=utf-8");
    for path in ["/validator/secret.txt", "/validator/..%2Fsecret.txt", "/validator/carefile.css"] {
        assert_eq!(anyone.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(anyone.get("/validator").await.status, StatusCode::PERMANENT_REDIRECT);

    let mut analyst = w.client_of(&app);
    let r = analyst.post_json("/api/v1/session", &serde_json::json!({"username": "analyst", "password": common::password("analyst")})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(analyst.get("/returns").await.body.contains("href=\"/validator/\""), "the returns page links the browser validator");
}

//! Regression tests for the defects a seed audit found (issue 10), one named
//! after each rule of docs/RULES.md it restores.
use crate::both;
use crate::support::TestDb;
use axum::http::StatusCode;

async fn int(t: &TestDb, sql: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sql)
        .fetch_one(&t.db.read)
        .await
        .expect(sql)
}

async fn add_partner_user(
    app: &crate::support::TestApp,
    cookie: &str,
    partner: &str,
    email: &str,
) -> crate::support::Reply {
    app.post(
        "/api/records/add",
        &[
            ("kind", "PartnerUser"),
            ("values[partner_id]", partner),
            ("values[first_name]", "Extra"),
            ("values[last_name]", "User"),
            ("values[email]", email),
        ],
        Some(cookie),
    )
    .await
}

both!(
    expired_partner_users_do_not_count_toward_the_cap,
    |t: TestDb| async move {
        let app = t.app();
        let ops = app.sign_in("network-ops").await;
        let partner = int(&t, "SELECT MIN(id) FROM partners").await.to_string();
        let counted = format!(
            "SELECT COUNT(*) FROM role_grants g JOIN users u ON u.id = g.user_id \
             WHERE g.role = 'partner' AND g.status = 'active' AND u.active = 1 AND g.partner_id = {partner}"
        );
        let mut added = vec![];
        while int(&t, &counted).await < 6 {
            let email = format!("extra{}@partner.example.org", added.len());
            let r = add_partner_user(&app, &ops, &partner, &email).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            added.push(r.json()["id"].as_i64().unwrap());
        }
        let full = add_partner_user(&app, &ops, &partner, "seventh@partner.example.org").await;
        assert_eq!(full.status, StatusCode::CONFLICT, "{}", full.body);
        // One account's access has expired, so it cannot sign in and holds no
        // place: a seventh account fits.
        let expired = added[0];
        t.exec(&format!(
            "UPDATE users SET access_expires_on = '2000-01-01' WHERE id = {expired}"
        ))
        .await;
        let seventh = add_partner_user(&app, &ops, &partner, "seventh@partner.example.org").await;
        assert_eq!(seventh.status, StatusCode::OK, "{}", seventh.body);
        // Giving the expired account access again while the Partner is full is refused.
        let admin = app.sign_in("admin").await;
        let version = int(
            &t,
            &format!("SELECT version FROM users WHERE id = {expired}"),
        )
        .await
        .to_string();
        let r = app
            .post(
                "/api/records/save",
                &[
                    ("kind", "PartnerUser"),
                    ("id", &expired.to_string()),
                    ("version", &version),
                    ("values[access_expires_on]", "2099-12-31"),
                ],
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        assert!(
            r.body.contains("already has 6 active Partner users"),
            "{}",
            r.body
        );
    }
);

async fn match_ea(app: &crate::support::TestApp, cookie: &str, ea: i64, inst: i64) -> StatusCode {
    let r = app
        .post(
            "/api/records/match",
            &[
                ("ea_id", &ea.to_string()),
                ("institution_id", &inst.to_string()),
            ],
            Some(cookie),
        )
        .await;
    r.status
}

both!(closing_an_ea_ends_its_matches, |t: TestDb| async move {
    let app = t.app();
    let ec = app.sign_in("ec").await;
    let inst = int(&t, "SELECT MIN(id) FROM institutions").await;
    let free = |skip: i64| {
        format!(
            "SELECT MIN(id) FROM eas WHERE ec_id = (SELECT ec_id FROM institutions WHERE id = {inst}) \
             AND status = 'active' AND id NOT IN (SELECT ea_id FROM ea_matches) AND id > {skip}"
        )
    };
    // The school has two EAs: the seed's match and one more.
    let second = int(&t, &free(0)).await;
    assert_eq!(match_ea(&app, &ec, second, inst).await, StatusCode::OK);
    let active = format!(
        "SELECT COUNT(*) FROM ea_matches WHERE institution_id = {inst} AND status = 'active'"
    );
    assert_eq!(int(&t, &active).await, 2);
    let third = int(&t, &free(second)).await;
    assert_eq!(
        match_ea(&app, &ec, third, inst).await,
        StatusCode::CONFLICT,
        "full"
    );
    // Closing one of its EAs ends that EA's match in the same step…
    let version = int(&t, &format!("SELECT version FROM eas WHERE id = {second}"))
        .await
        .to_string();
    let r = app
        .post(
            "/api/records/close",
            &[
                ("kind", "Ea"),
                ("id", &second.to_string()),
                ("version", &version),
            ],
            Some(&ec),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        int(
            &t,
            &format!(
                "SELECT COUNT(*) FROM ea_matches WHERE ea_id = {second} AND status = 'active'"
            )
        )
        .await,
        0
    );
    assert_eq!(int(&t, &active).await, 1);
    // …so the school has a place for another EA.
    assert_eq!(match_ea(&app, &ec, third, inst).await, StatusCode::OK);
    // The history of both records shows the unmatch.
    for (kind, id, field) in [
        ("eas", second, "matched institution"),
        ("institutions", inst, "matched EA"),
    ] {
        let n = int(
            &t,
            &format!(
                "SELECT COUNT(*) FROM audit_log WHERE record_kind = '{kind}' AND record_id = {id} \
                 AND action = 'unmatch' AND field = '{field}' AND new_value IS NULL AND old_value IS NOT NULL"
            ),
        )
        .await;
        assert_eq!(n, 1, "{kind} {id}");
    }
});

/// The `values[…]` fields of the first form in `html` and what a browser
/// submits for each untouched: an input's value, a select's selected option
/// (or its first). Disabled fields are not submitted.
fn submitted_fields(html: &str) -> Vec<(String, String)> {
    let attr = |tag: &str, name: &str| {
        let key = format!("{name}=\"");
        tag.find(&key).map(|i| {
            let rest = &tag[i + key.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
    };
    let mut fields = vec![];
    let mut rest = html;
    while let Some(i) = rest.find("name=\"values[") {
        let start = rest[..i].rfind('<').unwrap();
        let tag_end = i + rest[i..].find('>').unwrap();
        let tag = &rest[start..tag_end];
        let name = attr(tag, "name").unwrap();
        let disabled = tag.contains(" disabled");
        if tag.starts_with("<select") {
            let body = &rest[tag_end..tag_end + rest[tag_end..].find("</select>").unwrap()];
            let options: Vec<&str> = body.split("<option").skip(1).collect();
            let chosen = options
                .iter()
                .find(|o| o[..o.find('>').unwrap()].contains("selected"))
                .or(options.first())
                .and_then(|o| attr(o, "value"))
                .unwrap_or_default();
            if !disabled {
                fields.push((name, chosen));
            }
        } else if !disabled {
            fields.push((name, attr(tag, "value").unwrap_or_default()));
        }
        rest = &rest[tag_end..];
    }
    fields
}

both!(
    an_invited_partner_user_can_sign_in_after_setting_a_password,
    |t: TestDb| async move {
        let app = t.app();
        let ops = app.sign_in("network-ops").await;
        let page = app.get("/areas/partner-users/new", Some(&ops)).await;
        assert_eq!(page.status, StatusCode::OK);
        let mut form = submitted_fields(&page.body);
        assert!(
            form.contains(&("values[active]".into(), "yes".into())),
            "a new Partner user starts active: {form:?}"
        );
        // The person fills in who they are and chooses the Partner.
        let partner = int(&t, "SELECT MIN(id) FROM partners").await.to_string();
        let typed = [
            ("values[first_name]", "Ines"),
            ("values[last_name]", "Vale"),
            ("values[email]", "ines.vale@partner.example.org"),
            ("values[partner_id]", partner.as_str()),
        ];
        form.retain(|(k, _)| !typed.iter().any(|(t, _)| t == k));
        form.extend(typed.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let mut posted: Vec<(&str, &str)> = vec![("kind", "PartnerUser")];
        posted.extend(form.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let r = app.post("/api/records/add", &posted, Some(&ops)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let link = r.json()["invitation_link"].as_str().unwrap().to_string();
        let token = link.trim_start_matches("/invite/");
        let pw = "a long enough password";
        let ok = app
            .post(
                "/api/invitations/accept",
                &[("token", token), ("password", pw), ("confirm", pw)],
                None,
            )
            .await;
        assert!(
            ok.status.is_success() || ok.status.is_redirection(),
            "{} {}",
            ok.status,
            ok.body
        );
        let signed_in = app.try_sign_in("ines.vale@partner.example.org", pw).await;
        let cookie = signed_in
            .session_cookie()
            .unwrap_or_else(|| panic!("invitee signs in: {} {}", signed_in.status, signed_in.body));
        assert!(app.me(&cookie).await.is_object());
        // The CEC Staff user form starts active too.
        let admin = app.sign_in("admin").await;
        let page = app.get("/areas/cec-staff-users/new", Some(&admin)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            submitted_fields(&page.body).contains(&("values[active]".into(), "yes".into())),
            "{}",
            page.body
        );
    }
);

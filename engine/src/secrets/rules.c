/*
 * rules.c — the one table of secrets rules (see secrets.h, docs/secrets.md).
 *
 * Each row was written by us from the provider's public description of its
 * credential format (prefixes, alphabets, lengths); none is copied from
 * another scanner's rule file. A row is data: id, severity, title,
 * keywords, pattern, entropy floor, how a candidate is verified, and a
 * true sample (as a shape: literal text and runs {Cn} / {Cn-m} of a class
 * C, see datasets/gen/gen_secrets_lib.h) with a false one. tests/engine/
 * test_secrets.c checks every row with both samples, and the planted
 * secrets dataset (datasets/gen/gen_secrets.c) plants every row's shape.
 *
 * Rows are tried in table order and the first that verifies names the
 * finding, so a specific format comes before a general one (a JWT before
 * a bearer token, a provider's key before a generic URI password).
 */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "secrets.h"

#define E ENVSCAN_SEVERITY_ERROR
#define W ENVSCAN_SEVERITY_WARNING

/* id, severity, title, keywords, pattern, entropy floor, true shape,
 * false sample; RX takes more fields (.verify, .need_key, .key, .loose) */
#define R(id_, sev_, title_, kw_, pat_, ent_, shape_, no_)                                \
    {.row = {id_, sev_, title_, "secrets.md"}, .keywords = kw_, .pattern = pat_,          \
     .min_entropy = ent_, .shape = shape_, .no = no_}
#define RX(id_, sev_, title_, kw_, pat_, ent_, shape_, no_, ...)                          \
    {.row = {id_, sev_, title_, "secrets.md"}, .keywords = kw_, .pattern = pat_,          \
     .min_entropy = ent_, .shape = shape_, .no = no_, __VA_ARGS__}

static const es_secret_rule rules[] = {
    /* ---- private keys */
    R("secret-private-key-openssh", E, "OpenSSH private key", "openssh|private key",
      "-----BEGIN OPENSSH PRIVATE KEY-----(?:\\s|\\\\n)*b3BlbnNzaC1rZXktdjE[A-Za-z0-9+/=]{16,}",
      0, "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA{b60}\n{b60}\n-----END "
         "OPENSSH PRIVATE KEY-----",
      "-----BEGIN OPENSSH PUBLIC KEY-----"),
    R("secret-private-key-pgp", E, "PGP private key block", "pgp|private key block",
      "-----BEGIN PGP PRIVATE KEY BLOCK-----[-A-Za-z0-9+/=:,. \\s\\\\]{64,}", 4.0, "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQdGBF{b58}\n{b64}\n-----END PGP PRIVATE KEY "
         "BLOCK-----",
      "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBF"),
    R("secret-private-key-pem", E, "PEM private key (PKCS#1, PKCS#8, EC, DSA)",
      "begin|private key",
      "-----BEGIN (?:RSA |EC |DSA |ENCRYPTED )?PRIVATE KEY-----[-A-Za-z0-9+/=:, \\s\\\\]{64,}",
      4.0, "-----BEGIN RSA PRIVATE KEY-----\nMIIEow{b58}\n{b64}\n{b64}\n-----END RSA PRIVATE "
         "KEY-----",
      "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIE"),
    R("secret-private-key-putty", E, "PuTTY private key file", "putty-user-key-file|private-lines",
      "Private-Lines: [0-9]+\\s+[A-Za-z0-9+/]{40,}", 4.0,
      "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: k\nPublic-Lines: 1\n{b68}\n"
      "Private-Lines: 1\n{b44}\nPrivate-MAC: {h64}",
      "PuTTY-User-Key-File-3: ssh-ed25519\nPrivate-Lines: 1\n"),
    R("secret-age-secret-key", E, "age encryption secret key", "age-secret-key-1",
      "AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}", 0,
      "AGE-SECRET-KEY-1{B58}", "AGE-SECRET-KEY-1QQQ"),

    /* ---- cloud: AWS */
    R("secret-aws-access-key-id", E, "AWS access key ID", "akia|asia|abia|acca",
      "(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}", 3.0, "AKIA{216}", "AKIAEXAMPLE1234"),
    RX("secret-aws-secret-access-key", E, "AWS secret access key",
       "aws_secret|aws-secret|secret_access_key|secretaccesskey|aws_secret_key",
       "[A-Za-z0-9/+]{40}", 4.0, "{b40}", "short/not+a+key", .need_key = 1,
       .key = "AWS_SECRET_ACCESS_KEY"),
    R("secret-aws-mws-auth-token", E, "Amazon MWS auth token", "amzn.mws",
      "amzn\\.mws\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", 0,
      "amzn.mws.{h8}-{h4}-{h4}-{h4}-{h12}", "amzn.mws.example"),

    /* ---- cloud: Google */
    R("secret-gcp-service-account", E, "Google Cloud service account key (JSON)",
      "service_account|private_key",
      "\"type\"\\s*:\\s*\"service_account\"[^}]*\"private_key_id\"\\s*:\\s*\"[0-9a-f]{40}\"", 0,
      "{{\"type\": \"service_account\", \"project_id\": \"demo-{d8}\", \"private_key_id\": "
      "\"{h40}\"}",
      "{\"type\": \"authorized_user\"}"),
    R("secret-gcp-api-key", E, "Google API key", "aiza", "AIza[0-9A-Za-z_-]{35}", 3.5,
      "AIza{u35}", "AIzaShort"),
    R("secret-gcp-oauth-client-secret", E, "Google OAuth client secret", "gocspx-",
      "GOCSPX-[0-9A-Za-z_-]{28}", 3.0, "GOCSPX-{u28}", "GOCSPX-notlongenough"),
    R("secret-google-oauth-access-token", E, "Google OAuth access token", "ya29.",
      "ya29\\.[0-9A-Za-z_-]{30,}", 3.5, "ya29.{u120}", "ya29.short"),

    /* ---- cloud: Azure */
    R("secret-azure-storage-connection-string", E, "Azure storage account key",
      "accountkey|defaultendpointsprotocol", "AccountKey=[A-Za-z0-9+/]{86}==", 4.0,
      "DefaultEndpointsProtocol=https;AccountName={d12};AccountKey={b86}==;EndpointSuffix="
      "core.windows.net",
      "DefaultEndpointsProtocol=https;AccountName=demo;AccountKey=<key>"),
    R("secret-azure-shared-access-key", E, "Azure Service Bus / Event Hubs shared access key",
      "sharedaccesskey", "SharedAccessKey=[A-Za-z0-9+/]{43}=", 4.0,
      "Endpoint=sb://{d10}.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;"
      "SharedAccessKey={b43}=",
      "Endpoint=sb://demo.servicebus.windows.net/;SharedAccessKey="),
    R("secret-azure-sas-token", E, "Azure shared access signature", "sig=|sv=",
      "sv=[0-9]{4}-[0-9]{2}-[0-9]{2}&[^\\s]*sig=[A-Za-z0-9%+/]{30,}", 0,
      "https://{d10}.blob.core.windows.net/c?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2030-01-01&"
      "sig={x44}%3D",
      "https://demo.blob.core.windows.net/c?sv=2022-11-02"),
    R("secret-azure-ad-client-secret", E, "Microsoft Entra ID (Azure AD) client secret",
      "0q~|1q~|2q~|3q~|4q~|5q~|6q~|7q~|8q~|9q~",
      "[A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}", 3.5, "{x3}8Q~{u34}", "abc8Q~short"),

    /* ---- VCS and CI */
    R("secret-github-pat", E, "GitHub personal access token (classic)", "ghp_",
      "ghp_[A-Za-z0-9]{36}", 3.0, "ghp_{x36}", "ghp_tooshort"),
    R("secret-github-fine-grained-pat", E, "GitHub fine-grained personal access token",
      "github_pat_", "github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}", 3.0,
      "github_pat_{x22}_{x59}", "github_pat_short_short"),
    R("secret-github-oauth-token", E, "GitHub OAuth access token", "gho_",
      "gho_[A-Za-z0-9]{36}", 3.0, "gho_{x36}", "gho_tooshort"),
    R("secret-github-user-to-server-token", E, "GitHub App user-to-server token", "ghu_",
      "ghu_[A-Za-z0-9]{36}", 3.0, "ghu_{x36}", "ghu_tooshort"),
    R("secret-github-server-to-server-token", E, "GitHub App installation token", "ghs_",
      "ghs_[A-Za-z0-9]{36}", 3.0, "ghs_{x36}", "ghs_tooshort"),
    R("secret-github-refresh-token", E, "GitHub refresh token", "ghr_",
      "ghr_[A-Za-z0-9]{36,76}", 3.0, "ghr_{x76}", "ghr_tooshort"),
    R("secret-gitlab-pat", E, "GitLab personal access token", "glpat-",
      "glpat-[A-Za-z0-9_-]{20,}", 3.0, "glpat-{u20}", "glpat_short"),
    R("secret-gitlab-pipeline-trigger-token", E, "GitLab pipeline trigger token", "glptt-",
      "glptt-[0-9a-f]{40}", 3.0, "glptt-{h40}", "glptt_0000"),
    R("secret-gitlab-runner-token", E, "GitLab runner authentication token", "glrt-",
      "glrt-[A-Za-z0-9_-]{20,}", 3.0, "glrt-{u20}", "glrt_short"),
    R("secret-gitlab-runner-registration-token", E, "GitLab runner registration token",
      "gr1348941", "GR1348941[A-Za-z0-9_-]{20}", 3.0, "GR1348941{u20}", "GR1348941short"),
    R("secret-gitlab-deploy-token", E, "GitLab deploy token", "gldt-",
      "gldt-[A-Za-z0-9_-]{20,}", 3.0, "gldt-{u20}", "gldt_short"),
    R("secret-gitlab-feed-token", E, "GitLab feed token", "glft-", "glft-[A-Za-z0-9_-]{20,}",
      3.0, "glft-{u20}", "glft_short"),
    R("secret-gitlab-oauth-app-secret", E, "GitLab OAuth application secret", "gloas-",
      "gloas-[A-Za-z0-9_-]{64}", 3.0, "gloas-{u64}", "gloas_short"),
    R("secret-gitlab-scim-token", E, "GitLab SCIM token", "glsoat-",
      "glsoat-[A-Za-z0-9_-]{20,}", 3.0, "glsoat-{u20}", "glsoat_short"),
    R("secret-gitlab-ci-job-token", E, "GitLab CI/CD job token", "glcbt-",
      "glcbt-[0-9a-zA-Z]{1,5}_[0-9a-zA-Z_-]{20,}", 3.0, "glcbt-{x2}_{u20}", "glcbt_short"),
    R("secret-gitlab-incoming-mail-token", E, "GitLab incoming mail token", "glimt-",
      "glimt-[0-9a-zA-Z_-]{25}", 3.0, "glimt-{u25}", "glimt_short"),
    R("secret-bitbucket-app-password", E, "Bitbucket / Atlassian app password", "atbb",
      "ATBB[A-Za-z0-9_=.-]{32,}", 3.5, "ATBB{x32}", "ATBBshort"),
    R("secret-atlassian-api-token", E, "Atlassian API token", "atatt3",
      "ATATT3[A-Za-z0-9_=-]{150,}", 3.5, "ATATT3xFfGF0{u180}", "ATATT3short"),
    R("secret-npm-token", E, "npm access token", "npm_", "npm_[A-Za-z0-9]{36}", 3.0,
      "npm_{x36}", "npm_tooshort"),
    R("secret-pypi-token", E, "PyPI upload token", "pypi-",
      "pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}", 3.5, "pypi-AgEIcHlwaS5vcmc{u70}",
      "pypi-AgEIcHlwaS5vcmc"),
    R("secret-testpypi-token", W, "TestPyPI upload token", "pypi-",
      "pypi-AgENdGVzdC5weXBpLm9yZw[A-Za-z0-9_-]{50,}", 3.5,
      "pypi-AgENdGVzdC5weXBpLm9yZw{u70}", "pypi-AgENdGVzdC5weXBpLm9yZw"),
    R("secret-rubygems-api-key", E, "RubyGems API key", "rubygems_",
      "rubygems_[a-f0-9]{48}", 3.0, "rubygems_{h48}", "rubygems_00"),
    R("secret-nuget-api-key", E, "NuGet API key", "oy2", "oy2[a-z0-9]{43}", 3.5,
      "oy2{d43}", "oy2short"),
    R("secret-clojars-token", E, "Clojars deploy token", "clojars_",
      "CLOJARS_[a-z0-9]{60}", 3.5, "CLOJARS_{d60}", "CLOJARS_short"),
    R("secret-dockerhub-pat", E, "Docker Hub personal access token", "dckr_pat_",
      "dckr_pat_[A-Za-z0-9_-]{27,}", 3.0, "dckr_pat_{u27}", "dckr_pat_short"),
    R("secret-dockerhub-oat", E, "Docker Hub organization access token", "dckr_oat_",
      "dckr_oat_[A-Za-z0-9_-]{32,}", 3.0, "dckr_oat_{u32}", "dckr_oat_short"),
    R("secret-jfrog-api-key", E, "JFrog Artifactory API key", "akcp",
      "AKCp[A-Za-z0-9]{69}", 3.5, "AKCp{x69}", "AKCpshort"),
    R("secret-jfrog-reference-token", E, "JFrog reference token", "cmvmdgtu",
      "cmVmdGtu[A-Za-z0-9]{56}", 3.5, "cmVmdGtu{x56}", "cmVmdGtushort"),
    R("secret-sonarqube-token", E, "SonarQube / SonarCloud token", "sqp_|squ_|sqa_",
      "sq[pua]_[a-f0-9]{40}", 3.0, "sqp_{h40}", "sqp_00"),
    R("secret-buildkite-token", E, "Buildkite API access token", "bkua_",
      "bkua_[a-f0-9]{40}", 3.0, "bkua_{h40}", "bkua_00"),
    R("secret-circleci-pat", E, "CircleCI personal API token", "ccipat_",
      "CCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40}", 3.0, "CCIPAT_{x22}_{h40}", "CCIPAT_short"),
    R("secret-terraform-cloud-token", E, "Terraform Cloud / HCP Terraform token", "atlasv1",
      "[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,70}", 3.5, "{x14}.atlasv1.{u67}",
      "abc.atlasv1.short"),
    R("secret-vault-service-token", E, "HashiCorp Vault service token", "hvs.",
      "hvs\\.[A-Za-z0-9_-]{24,}", 3.5, "hvs.{u90}", "hvs.short"),
    R("secret-vault-batch-token", E, "HashiCorp Vault batch token", "hvb.",
      "hvb\\.[A-Za-z0-9_-]{24,}", 3.5, "hvb.{u138}", "hvb.short"),
    R("secret-doppler-token", E, "Doppler personal or service token", "dp.pt.|dp.st.",
      "dp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9_.-]{40,}", 3.5, "dp.pt.{x43}",
      "dp.pt.short"),
    R("secret-pulumi-token", E, "Pulumi access token", "pul-", "pul-[a-f0-9]{40}", 3.0,
      "pul-{h40}", "pul-00"),
    R("secret-databricks-token", E, "Databricks personal access token", "dapi",
      "dapi[a-f0-9]{32}(?:-[0-9])?", 3.0, "dapi{h32}", "dapi00"),
    R("secret-octopus-api-key", E, "Octopus Deploy API key", "api-",
      "API-[A-Z0-9]{26}", 3.5, "API-{A26}", "API-SHORT"),

    /* ---- payments */
    R("secret-stripe-secret-key", E, "Stripe live secret key", "sk_live_",
      "sk_live_[0-9a-zA-Z]{24,}", 3.5, "sk_live_{x24}", "sk_live_short"),
    R("secret-stripe-test-secret-key", W, "Stripe test-mode secret key", "sk_test_",
      "sk_test_[0-9a-zA-Z]{24,}", 3.5, "sk_test_{x24}", "sk_test_short"),
    R("secret-stripe-restricted-key", E, "Stripe restricted key", "rk_live_|rk_test_",
      "rk_(?:live|test)_[0-9a-zA-Z]{24,}", 3.5, "rk_live_{x24}", "rk_live_short"),
    R("secret-stripe-webhook-secret", E, "Stripe webhook signing secret", "whsec_",
      "whsec_[A-Za-z0-9+/=]{32,}", 3.5, "whsec_{x32}", "whsec_short"),
    R("secret-square-access-token", E, "Square access token", "eaaa",
      "EAAA[A-Za-z0-9_-]{60}", 3.5, "EAAA{u60}", "EAAAshort"),
    R("secret-square-oauth-secret", E, "Square OAuth application secret", "sq0csp-",
      "sq0csp-[0-9A-Za-z_-]{43}", 3.5, "sq0csp-{u43}", "sq0csp-short"),
    R("secret-square-legacy-token", E, "Square legacy personal access token", "sq0atp-",
      "sq0atp-[0-9A-Za-z_-]{22}", 3.0, "sq0atp-{u22}", "sq0atp-short"),
    R("secret-braintree-access-token", E, "PayPal Braintree access token",
      "access_token$production",
      "access_token\\$(?:production|sandbox)\\$[0-9a-z]{16}\\$[0-9a-f]{32}", 3.0,
      "access_token$production${d16}${h32}", "access_token$production$short"),
    RX("secret-paypal-client-secret", E, "PayPal REST client secret", "paypal",
       "E[A-Za-z0-9_-]{79}", 4.0, "E{u79}", "Enotakeyatall", .need_key = 1,
       .key = "PAYPAL_CLIENT_SECRET"),
    R("secret-shopify-access-token", E, "Shopify access token", "shpat_",
      "shpat_[a-fA-F0-9]{32}", 3.0, "shpat_{h32}", "shpat_00"),
    R("secret-shopify-custom-app-token", E, "Shopify custom app access token", "shpca_",
      "shpca_[a-fA-F0-9]{32}", 3.0, "shpca_{h32}", "shpca_00"),
    R("secret-shopify-private-app-token", E, "Shopify private app access token", "shppa_",
      "shppa_[a-fA-F0-9]{32}", 3.0, "shppa_{h32}", "shppa_00"),
    R("secret-shopify-shared-secret", E, "Shopify shared secret", "shpss_",
      "shpss_[a-fA-F0-9]{32}", 3.0, "shpss_{h32}", "shpss_00"),
    R("secret-easypost-api-key", E, "EasyPost API key", "ezak", "EZAK[a-zA-Z0-9]{54}", 3.5,
      "EZAK{x54}", "EZAKshort"),
    R("secret-shippo-token", E, "Shippo API token", "shippo_",
      "shippo_(?:live|test)_[a-f0-9]{40}", 3.0, "shippo_live_{h40}", "shippo_live_00"),
    R("secret-duffel-token", E, "Duffel API token", "duffel_",
      "duffel_(?:test|live)_[A-Za-z0-9_=-]{43}", 3.5, "duffel_live_{u43}", "duffel_live_x"),

    /* ---- messaging and email */
    R("secret-slack-webhook", E, "Slack incoming webhook URL", "hooks.slack.com",
      "hooks\\.slack\\.com/services/T[A-Z0-9]{8,12}/B[A-Z0-9]{8,12}/[A-Za-z0-9]{24}", 0,
      "https://hooks.slack.com/services/T{A9}/B{A9}/{x24}",
      "https://hooks.slack.com/services/T000/B000/XXXX"),
    R("secret-slack-workflow-webhook", E, "Slack workflow webhook URL", "hooks.slack.com",
      "hooks\\.slack\\.com/(?:workflows|triggers)/T[A-Z0-9]{8,12}/[A-Z0-9]{8,12}/[0-9]{6,}/"
      "[A-Za-z0-9]{24,}",
      0, "https://hooks.slack.com/triggers/T{A9}/{A11}/{09}/{x32}",
      "https://hooks.slack.com/triggers/"),
    R("secret-slack-bot-token", E, "Slack bot token", "xoxb-",
      "xoxb-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{24,}", 3.0, "xoxb-{012}-{013}-{x24}",
      "xoxb-not-a-token"),
    R("secret-slack-user-token", E, "Slack user token", "xoxp-",
      "xoxp-[0-9]{10,13}-[0-9]{10,13}-[0-9]{10,13}-[a-f0-9]{32}", 3.0,
      "xoxp-{012}-{012}-{013}-{h32}", "xoxp-not-a-token"),
    R("secret-slack-app-token", E, "Slack app-level token", "xapp-",
      "xapp-[0-9]-[A-Z0-9]{9,11}-[0-9]{12,13}-[a-f0-9]{64}", 3.0,
      "xapp-1-{A11}-{013}-{h64}", "xapp-not-a-token"),
    R("secret-slack-config-token", E, "Slack configuration token", "xoxe.",
      "xoxe\\.xox[bp]-[0-9]-[A-Za-z0-9]{160,}", 3.5, "xoxe.xoxp-1-{x166}",
      "xoxe.xoxp-1-short"),
    R("secret-slack-legacy-token", E, "Slack legacy or workspace token", "xoxa-|xoxo-|xoxs-|xoxr-",
      "xox[aors]-[0-9]{6,}-[0-9A-Za-z-]{10,}", 3.0, "xoxs-{010}-{x32}", "xoxs-not"),
    RX("secret-twilio-api-key", E, "Twilio API key SID", "twilio",
       "SK[0-9a-f]{32}", 3.0, "SK{h32}", "SKnotakey", .need_key = 1, .key = "TWILIO_API_KEY"),
    RX("secret-twilio-auth-token", E, "Twilio auth token", "twilio", "[0-9a-f]{32}", 3.0,
       "{h32}", "0123", .need_key = 1, .key = "TWILIO_AUTH_TOKEN"),
    R("secret-sendgrid-api-key", E, "SendGrid API key", "sg.",
      "SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}", 3.5, "SG.{u22}.{u43}", "SG.short.short"),
    R("secret-mailgun-api-key", E, "Mailgun private API key", "key-",
      "key-[0-9a-f]{32}", 3.0, "key-{h32}", "key-notahexstring"),
    RX("secret-mailgun-signing-key", E, "Mailgun webhook signing key", "mailgun",
       "[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}", 3.0, "{h32}-{h8}-{h8}", "0000-0000-0000",
       .need_key = 1, .key = "MAILGUN_SIGNING_KEY"),
    R("secret-mailchimp-api-key", E, "Mailchimp API key", "-us",
      "[0-9a-f]{32}-us[0-9]{1,2}", 3.0, "{h32}-us14", "abcdef-us14"),
    R("secret-brevo-api-key", E, "Brevo (Sendinblue) API key", "xkeysib-",
      "xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}", 3.0, "xkeysib-{h64}-{x16}", "xkeysib-short"),
    R("secret-postmark-token", E, "Postmark server token", "postmark",
      "(?i)postmark[^\\n]{0,20}[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", 0,
      "postmark:{h8}-{h4}-{h4}-{h4}-{h12}", "postmark:none"),
    RX("secret-telegram-bot-token", E, "Telegram bot token", ":aa",
       "[0-9]{8,10}:AA[0-9A-Za-z_-]{33}", 3.0, "{09}:AA{u33}", "12345:AAshort", .loose = 1),
    RX("secret-discord-bot-token", E, "Discord bot token", "discord|bot_token",
       "[MNO][A-Za-z0-9_-]{23,25}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,38}", 3.5,
       "M{u25}.{u6}.{u38}", "M.short.token", .need_key = 1, .key = "DISCORD_BOT_TOKEN"),
    R("secret-discord-webhook", E, "Discord webhook URL", "discord.com/api/webhooks",
      "discord(?:app)?\\.com/api/webhooks/[0-9]{17,20}/[A-Za-z0-9_-]{60,68}", 0,
      "https://discord.com/api/webhooks/{019}/{u68}",
      "https://discord.com/api/webhooks/123/abc"),
    R("secret-microsoft-teams-webhook", E, "Microsoft Teams incoming webhook URL",
      "webhook.office.com",
      "[a-z0-9]+\\.webhook\\.office\\.com/webhookb2/[0-9a-f-]{36}@[0-9a-f-]{36}/"
      "IncomingWebhook/[0-9a-f]{32}/[0-9a-f-]{36}",
      0, "https://{d8}.webhook.office.com/webhookb2/{h8}-{h4}-{h4}-{h4}-{h12}@{h8}-{h4}-{h4}-"
         "{h4}-{h12}/IncomingWebhook/{h32}/{h8}-{h4}-{h4}-{h4}-{h12}",
      "https://demo.webhook.office.com/webhookb2/"),
    R("secret-facebook-access-token", E, "Facebook access token", "eaacedeose0cba",
      "EAACEdEose0cBA[0-9A-Za-z]{20,}", 3.5, "EAACEdEose0cBA{x40}", "EAACEdEose0cBA"),

    /* ---- AI providers */
    R("secret-anthropic-api-key", E, "Anthropic API key", "sk-ant-api03-",
      "sk-ant-api03-[A-Za-z0-9_-]{93}AA", 3.5, "sk-ant-api03-{u93}AA", "sk-ant-api03-short"),
    R("secret-anthropic-admin-key", E, "Anthropic admin API key", "sk-ant-admin01-",
      "sk-ant-admin01-[A-Za-z0-9_-]{93}AA", 3.5, "sk-ant-admin01-{u93}AA",
      "sk-ant-admin01-short"),
    R("secret-openai-project-key", E, "OpenAI project API key", "sk-proj-",
      "sk-proj-[A-Za-z0-9_-]{40,}", 3.5, "sk-proj-{u156}", "sk-proj-short"),
    R("secret-openai-service-account-key", E, "OpenAI service account key", "sk-svcacct-",
      "sk-svcacct-[A-Za-z0-9_-]{40,}", 3.5, "sk-svcacct-{u156}", "sk-svcacct-short"),
    R("secret-openai-admin-key", E, "OpenAI admin key", "sk-admin-",
      "sk-admin-[A-Za-z0-9_-]{40,}", 3.5, "sk-admin-{u156}", "sk-admin-short"),
    R("secret-openai-api-key", E, "OpenAI API key (user key)", "t3blbkfj",
      "sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}", 3.0, "sk-{x20}T3BlbkFJ{x20}",
      "sk-shortT3BlbkFJshort"),
    R("secret-huggingface-token", E, "Hugging Face access token", "hf_", "hf_[A-Za-z]{34}",
      3.5, "hf_{a17}{A17}", "hf_short"),
    R("secret-groq-api-key", E, "Groq API key", "gsk_", "gsk_[A-Za-z0-9]{52}", 3.5,
      "gsk_{x52}", "gsk_short"),
    R("secret-replicate-token", E, "Replicate API token", "r8_", "r8_[A-Za-z0-9]{37}", 3.5,
      "r8_{x37}", "r8_short"),
    R("secret-perplexity-api-key", E, "Perplexity API key", "pplx-", "pplx-[A-Za-z0-9]{48}",
      3.5, "pplx-{x48}", "pplx-short"),
    R("secret-xai-api-key", E, "xAI API key", "xai-", "xai-[A-Za-z0-9]{80}", 3.5, "xai-{x80}",
      "xai-short"),
    R("secret-langsmith-api-key", E, "LangSmith API key", "lsv2_",
      "lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}", 3.0, "lsv2_pt_{h32}_{h10}", "lsv2_pt_00"),
    R("secret-pinecone-api-key", E, "Pinecone API key", "pcsk_",
      "pcsk_[A-Za-z0-9]{4,8}_[A-Za-z0-9]{50,80}", 3.5, "pcsk_{x6}_{x65}", "pcsk_short"),
    R("secret-tavily-api-key", E, "Tavily API key", "tvly-", "tvly-[A-Za-z0-9-]{32,}", 3.5,
      "tvly-{x32}", "tvly-short"),
    RX("secret-cohere-api-key", E, "Cohere API key", "cohere|co_api", "[A-Za-z0-9]{40}", 4.0,
       "{x40}", "short", .need_key = 1, .key = "COHERE_API_KEY"),
    RX("secret-mistral-api-key", E, "Mistral AI API key", "mistral", "[A-Za-z0-9]{32}", 4.0,
       "{x32}", "short", .need_key = 1, .key = "MISTRAL_API_KEY"),
    RX("secret-deepseek-api-key", E, "DeepSeek API key", "deepseek", "sk-[a-f0-9]{32}", 3.0,
       "sk-{h32}", "sk-short", .need_key = 1, .key = "DEEPSEEK_API_KEY"),
    RX("secret-elevenlabs-api-key", E, "ElevenLabs API key", "elevenlabs|xi_api",
       "sk_[a-f0-9]{48}", 3.0, "sk_{h48}", "sk_short", .need_key = 1,
       .key = "ELEVENLABS_API_KEY"),

    /* ---- observability and developer services */
    R("secret-sentry-auth-token", E, "Sentry organization auth token", "sntrys_",
      "sntrys_eyJ[A-Za-z0-9+/=_-]{60,}", 3.5, "sntrys_eyJ{b100}", "sntrys_short"),
    R("secret-sentry-user-token", E, "Sentry user auth token", "sntryu_",
      "sntryu_[a-f0-9]{64}", 3.0, "sntryu_{h64}", "sntryu_00"),
    R("secret-grafana-cloud-token", E, "Grafana Cloud API token", "glc_",
      "glc_[A-Za-z0-9+/]{32,}={0,2}", 3.5, "glc_{b80}", "glc_short"),
    R("secret-grafana-service-account-token", E, "Grafana service account token", "glsa_",
      "glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}", 3.5, "glsa_{x32}_{h8}", "glsa_short"),
    R("secret-newrelic-user-key", E, "New Relic user API key", "nrak-", "NRAK-[A-Z0-9]{27}",
      3.5, "NRAK-{A27}", "NRAK-SHORT"),
    R("secret-newrelic-insert-key", E, "New Relic insights insert key", "nrii-",
      "NRII-[A-Za-z0-9_-]{32}", 3.5, "NRII-{u32}", "NRII-short"),
    RX("secret-datadog-api-key", E, "Datadog API key", "datadog|dd_api", "[a-f0-9]{32}", 3.0,
       "{h32}", "00", .need_key = 1, .key = "DD_API_KEY"),
    RX("secret-datadog-app-key", E, "Datadog application key", "dd_app|datadog_app",
       "[a-f0-9]{40}", 3.0, "{h40}", "00", .need_key = 1, .key = "DD_APP_KEY"),
    R("secret-dynatrace-token", E, "Dynatrace API token", "dt0c01.",
      "dt0c01\\.[A-Z0-9]{24}\\.[A-Z0-9]{64}", 3.5, "dt0c01.{A24}.{A64}", "dt0c01.short"),
    R("secret-linear-api-key", E, "Linear API key", "lin_api_", "lin_api_[A-Za-z0-9]{40}",
      3.5, "lin_api_{x40}", "lin_api_short"),
    R("secret-notion-token", E, "Notion integration token", "ntn_|secret_",
      "ntn_[0-9]{11}[A-Za-z0-9]{35}", 3.5, "ntn_{011}{x35}", "ntn_short"),
    R("secret-postman-api-key", E, "Postman API key", "pmak-",
      "PMAK-[a-f0-9]{24}-[a-f0-9]{34}", 3.0, "PMAK-{h24}-{h34}", "PMAK-short"),
    R("secret-digitalocean-pat", E, "DigitalOcean personal access token", "dop_v1_",
      "dop_v1_[a-f0-9]{64}", 3.0, "dop_v1_{h64}", "dop_v1_00"),
    R("secret-digitalocean-oauth-token", E, "DigitalOcean OAuth token", "doo_v1_",
      "doo_v1_[a-f0-9]{64}", 3.0, "doo_v1_{h64}", "doo_v1_00"),
    R("secret-digitalocean-refresh-token", E, "DigitalOcean refresh token", "dor_v1_",
      "dor_v1_[a-f0-9]{64}", 3.0, "dor_v1_{h64}", "dor_v1_00"),
    RX("secret-heroku-api-key", E, "Heroku API key", "heroku",
       "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", 3.0,
       "{h8}-{h4}-{h4}-{h4}-{h12}", "0000", .need_key = 1, .key = "HEROKU_API_KEY"),
    R("secret-heroku-platform-token", E, "Heroku platform API token", "hrku-",
      "HRKU-[A-Za-z0-9_-]{60}", 3.5, "HRKU-{u60}", "HRKU-short"),
    R("secret-flyio-token", E, "Fly.io access token", "fo1_|fm1_|fm2_|fm1a_|fm1r_|fm2a_|fm2r_",
      "(?:fo1_[A-Za-z0-9_-]{43}|fm[12][ar]?_[A-Za-z0-9+/=_-]{100,})", 3.5, "fo1_{u43}",
      "fo1_short"),
    R("secret-planetscale-token", E, "PlanetScale token or password",
      "pscale_tkn_|pscale_pw_|pscale_oauth_",
      "pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.-]{32,64}", 3.5, "pscale_pw_{u43}",
      "pscale_pw_short"),
    R("secret-supabase-token", E, "Supabase access token", "sbp_", "sbp_[a-f0-9]{40}", 3.0,
      "sbp_{h40}", "sbp_00"),
    R("secret-cloudflare-origin-ca-key", E, "Cloudflare Origin CA key", "v1.0-",
      "v1\\.0-[a-f0-9]{24}-[a-f0-9]{146}", 3.0, "v1.0-{h24}-{h146}", "v1.0-short"),
    RX("secret-cloudflare-api-token", E, "Cloudflare API token", "cloudflare|cf_api",
       "[A-Za-z0-9_-]{40}", 4.0, "{u40}", "short", .need_key = 1,
       .key = "CLOUDFLARE_API_TOKEN"),
    R("secret-adafruit-io-key", E, "Adafruit IO key", "aio_", "aio_[A-Za-z0-9]{28}", 3.5,
      "aio_{x28}", "aio_short"),
    R("secret-alibaba-access-key-id", E, "Alibaba Cloud AccessKey ID", "ltai",
      "LTAI[A-Za-z0-9]{20}", 3.5, "LTAI{x20}", "LTAIshort"),
    R("secret-contentful-pat", E, "Contentful personal access token", "cfpat-",
      "CFPAT-[A-Za-z0-9_-]{43}", 3.5, "CFPAT-{u43}", "CFPAT-short"),
    R("secret-frameio-token", E, "Frame.io API token", "fio-u-", "fio-u-[A-Za-z0-9_=-]{64}",
      3.5, "fio-u-{u64}", "fio-u-short"),
    R("secret-prefect-api-key", E, "Prefect API key", "pnu_", "pnu_[A-Za-z0-9]{36}", 3.5,
      "pnu_{x36}", "pnu_short"),
    R("secret-readme-api-key", E, "ReadMe API key", "rdme_", "rdme_[a-z0-9]{70}", 3.5,
      "rdme_{d70}", "rdme_short"),
    R("secret-scalingo-token", E, "Scalingo API token", "tk-us-", "tk-us-[A-Za-z0-9_-]{48}",
      3.5, "tk-us-{u48}", "tk-us-short"),
    R("secret-typeform-token", E, "Typeform personal access token", "tfp_",
      "tfp_[A-Za-z0-9_.=-]{59}", 3.5, "tfp_{u59}", "tfp_short"),
    R("secret-1password-service-account-token", E, "1Password service account token", "ops_",
      "ops_eyJ[A-Za-z0-9+/=]{250,}", 3.5, "ops_eyJ{b300}", "ops_eyJshort"),
    R("secret-mapbox-secret-token", E, "Mapbox secret access token", "sk.eyj",
      "sk\\.eyJ[A-Za-z0-9_-]{50,}\\.[A-Za-z0-9_-]{20,}", 3.5, "sk.eyJ{u60}.{u22}",
      "sk.eyJshort.short"),
    RX("secret-okta-api-token", E, "Okta API token", "okta", "00[A-Za-z0-9_-]{40}", 4.0,
       "00{u40}", "00short", .need_key = 1, .key = "OKTA_API_TOKEN"),

    /* ---- databases and URIs with a password */
    RX("secret-postgres-uri", E, "PostgreSQL URI with a password", "postgres://|postgresql://",
       "(?i)postgres(?:ql)?://[^:@/\\s]+:[^@/\\s]+@[^/\\s?#]+", 0,
       "postgres://app_{d4}:{x20}@db.internal:5432/app",
       "postgres://user:password@localhost:5432/app", .verify = ES_SV_URI_PASSWORD),
    RX("secret-mysql-uri", E, "MySQL URI with a password", "mysql://",
       "(?i)mysqlx?://[^:@/\\s]+:[^@/\\s]+@[^/\\s?#]+", 0,
       "mysql://app_{d4}:{x20}@mysql.internal:3306/app", "mysql://root:${MYSQL_PASSWORD}@db/app",
       .verify = ES_SV_URI_PASSWORD),
    RX("secret-mongodb-uri", E, "MongoDB URI with a password", "mongodb://|mongodb+srv://",
       "(?i)mongodb(?:\\+srv)?://[^:@/\\s]+:[^@/\\s]+@[^/\\s?#]+", 0,
       "mongodb+srv://app_{d4}:{x20}@cluster0.{d5}.mongodb.net/app",
       "mongodb://<user>:<password>@localhost/app", .verify = ES_SV_URI_PASSWORD),
    RX("secret-redis-uri", E, "Redis URI with a password", "redis://|rediss://",
       "(?i)rediss?://[^:@/\\s]*:[^@/\\s]+@[^/\\s?#]+", 0,
       "rediss://default:{x24}@cache.internal:6380/0", "redis://localhost:6379/0",
       .verify = ES_SV_URI_PASSWORD),
    RX("secret-amqp-uri", E, "AMQP (RabbitMQ) URI with a password", "amqp://|amqps://",
       "(?i)amqps?://[^:@/\\s]+:[^@/\\s]+@[^/\\s?#]+", 0,
       "amqps://svc_{d4}:{x20}@mq.internal:5671/vhost", "amqp://guest:guest@localhost:5672/",
       .verify = ES_SV_URI_PASSWORD),
    RX("secret-mssql-connection-string", E, "SQL Server / ADO.NET connection string password",
       "password|pwd=|pwd =",
       "(?i)(?:server|data source|host)\\s*=[^;]+;[^\\n]*(?:password|pwd)\\s*=\\s*[^;\\s]+", 0,
       "Server=tcp:sql.internal,1433;Database=app;User ID=app;Password={x20};",
       "Server=localhost;Database=app;Integrated Security=true;",
       .verify = ES_SV_KV_PASSWORD),
    RX("secret-jdbc-password", E, "JDBC URL with a password", "jdbc:",
       "(?i)jdbc:[a-z0-9]+:[^\\s]*[?;&]password=[^&;\\s]+", 0,
       "jdbc:postgresql://db.internal:5432/app?user=app&password={x20}",
       "jdbc:postgresql://db.internal:5432/app?user=app", .verify = ES_SV_KV_PASSWORD),
    RX("secret-url-password", W, "URL with a password (HTTP, FTP, SMTP, LDAP, ...)", "://",
       "(?i)(?:https?|ftps?|sftp|smtps?|ldaps?|ssh|git)://[^:@/\\s]+:[^@/\\s]+@[^/\\s?#]+", 0,
       "https://deploy:{x20}@git.internal/repo.git", "https://user:pass@example.com/",
       .verify = ES_SV_URI_PASSWORD),

    /* ---- tokens in general */
    R("secret-jwt", W, "JSON Web Token", "eyj",
      "eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{20,}", 3.5,
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ{u60}.{u43}", "eyJhbGciOiJub25lIn0.e30."),
    R("secret-bearer-token", W, "Bearer token in an Authorization value", "bearer",
      "(?i)bearer [A-Za-z0-9._~+/=-]{20,}", 3.5, "Bearer {u40}", "Bearer <token>"),
    RX("secret-basic-auth", W, "Basic authorization credentials", "basic",
       "(?i)basic [A-Za-z0-9+/]{12,}={0,2}", 0, "Basic ZGVwbG95OnMzY3IzdC1QNHNzdzByZCE=",
       "Basic dXNlcm5hbWU=", .verify = ES_SV_BASIC),

    /* ---- context: keys named like secrets (no pattern) */
    RX("secret-password-assignment", W, "a password in a key named like one",
       "password|passwd|pwd|pass|passphrase", NULL, 2.0, "{x14}", "changeme",
       .verify = ES_SV_CONTEXT_PASSWORD, .key = "DB_PASSWORD"),
    RX("secret-generic-assignment", W, "a high-entropy value in a key named like a secret",
       "secret|token|api_key|private_key|credentials", NULL, 3.0, "{u32}",
       "your-api-key-here", .verify = ES_SV_CONTEXT_GENERIC, .key = "SERVICE_API_TOKEN"),
};

#undef R
#undef RX
#undef E
#undef W

const es_secret_rule *es_secret_rules(size_t *n)
{
    *n = sizeof rules / sizeof rules[0];
    return rules;
}

/* ids -> rows, hashed once: reports look an id up per diagnostic, and a
 * walk of 150 strcmp per finding was 2% of a SARIF scan with many
 * secrets. Open addressing, a power of two well above the row count. */
enum { SLOTS = 1024 };
static struct {
    pthread_once_t once;
    uint16_t slot[SLOTS]; /* row + 1, 0 empty */
} by_id = {.once = PTHREAD_ONCE_INIT};

static uint32_t id_hash(const char *s)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static void by_id_init(void)
{
    _Static_assert(sizeof rules / sizeof rules[0] < SLOTS / 2, "room in the id table");
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        uint32_t at = id_hash(rules[i].row.id) & (SLOTS - 1);
        while (by_id.slot[at])
            at = (at + 1) & (SLOTS - 1);
        by_id.slot[at] = (uint16_t)(i + 1);
    }
}

const es_rule *es_secret_rule_find(const char *id)
{
    if (!id || strncmp(id, "secret-", 7) != 0)
        return NULL;
    pthread_once(&by_id.once, by_id_init);
    for (uint32_t at = id_hash(id) & (SLOTS - 1); by_id.slot[at]; at = (at + 1) & (SLOTS - 1))
        if (strcmp(rules[by_id.slot[at] - 1].row.id, id) == 0)
            return &rules[by_id.slot[at] - 1].row;
    return NULL;
}

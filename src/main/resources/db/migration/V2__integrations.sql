-- A Jira site's connections to its git hosts. The integration account's credential and the webhook secret are
-- stored sealed (AES-GCM, key id in the value), never in plain text.
create table integration (
    id                    varchar(36)   not null primary key,
    tenant_id             varchar(255)  not null,
    type                  varchar(32)   not null,
    name                  varchar(100)  not null,
    base_url              varchar(500),
    region                varchar(32),
    require_user_pat      boolean       not null,
    account_login         varchar(255),
    sealed_credential     varchar(4000) not null,
    sealed_webhook_secret varchar(500)  not null,
    created_at            timestamp     not null,
    updated_at            timestamp     not null,
    version               bigint        not null
);

create index integration_tenant_idx on integration (tenant_id);

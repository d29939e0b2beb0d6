-- Every attempt to create a branch or pull request: who, where, with whose credential, and what came of it.
create table audit_entry (
    id              varchar(36)  not null primary key,
    tenant_id       varchar(255) not null,
    account_id      varchar(128),
    integration_id  varchar(36)  not null,
    repository      varchar(300),
    action          varchar(32)  not null,
    target          varchar(300),
    credential_kind varchar(32)  not null,
    host_login      varchar(255),
    outcome         varchar(32)  not null,
    detail          varchar(500),
    created_at      timestamp    not null
);

create index audit_entry_tenant_idx on audit_entry (tenant_id, created_at);

-- Personal access tokens, one per Jira user per integration, sealed (AES-GCM) and bound to that user and integration.
create table user_token (
    id                varchar(36)   not null primary key,
    tenant_id         varchar(255)  not null,
    integration_id    varchar(36)   not null,
    account_id        varchar(128)  not null,
    sealed_token      varchar(4000) not null,
    hint              varchar(4),
    login             varchar(255),
    scopes            varchar(1000),
    expires_at        timestamp,
    status            varchar(16)   not null,
    last_validated_at timestamp     not null,
    created_at        timestamp     not null,
    updated_at        timestamp     not null,
    version           bigint        not null,
    constraint user_token_one_per_user unique (tenant_id, integration_id, account_id)
);

create index user_token_integration_idx on user_token (tenant_id, integration_id);

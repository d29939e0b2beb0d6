-- What Jira's development information has still to learn. One row per owner, kind and entity: a change to an entity
-- that waits already only takes a new sequence, so that the sender, which deletes a row it sent only while its
-- sequence is the one it read, sends the entity again when it changed during a send.
--   owner_id: the repository's row id (kinds COMMIT, BRANCH, PULL_REQUEST, BACKFILL); the integration's id for the
--             deletions that outlive their repository row (REPOSITORY: entity_id is the repository's path;
--             INTEGRATION: entity_id is the integration's id).
--   BACKFILL: everything indexed of the repository, paged in key order by three cursors (the last sha, branch name
--             and pull request id sent, null before the first page) and their *_done flags.
create sequence devinfo_change_sequence;

create table devinfo_outbox (
    owner_id            varchar(36)  not null,
    kind                varchar(16)  not null,
    entity_id           varchar(500) not null,
    tenant_id           varchar(255) not null,
    integration_id      varchar(36)  not null,
    repository          varchar(300),
    sequence            bigint       not null,
    recorded_at         timestamp    not null,
    commit_cursor       varchar(64),
    branch_cursor       varchar(500),
    pull_request_cursor varchar(64),
    commits_done        boolean      not null,
    branches_done       boolean      not null,
    pull_requests_done  boolean      not null,
    primary key (owner_id, kind, entity_id)
);
create index devinfo_outbox_site_idx on devinfo_outbox (tenant_id, sequence);
create index devinfo_outbox_integration_idx on devinfo_outbox (integration_id);

-- The last value given to Jira as an updateSequenceId: each request takes max(now in epoch milliseconds, last + 1),
-- so that the value only grows, across instances and restarts, even when a clock steps back.
create table devinfo_update_clock (
    id         int    not null primary key,
    last_value bigint not null
);
insert into devinfo_update_clock (id, last_value) values (1, 0);

-- Per repository: when Jira last accepted something of it, and the last error that concerns it.
create table devinfo_repository_state (
    repository_pk  varchar(36)   not null primary key,
    tenant_id      varchar(255)  not null,
    integration_id varchar(36)   not null,
    last_sent_at   timestamp,
    error          varchar(1000),
    error_at       timestamp
);
create index devinfo_repository_state_tenant_idx on devinfo_repository_state (tenant_id);

-- Per site: the failures in a row (for the backoff), when to try again and why it failed.
create table devinfo_site_state (
    tenant_id varchar(255)  not null primary key,
    failures  int           not null,
    retry_at  timestamp,
    error     varchar(1000)
);

-- Entities Jira refused (failedDevinfoEntities, or a 400 for that entity alone), with its message; not sent again
-- until they change.
create table devinfo_failed_entity (
    repository_pk  varchar(36)   not null,
    kind           varchar(16)   not null,
    entity_id      varchar(500)  not null,
    tenant_id      varchar(255)  not null,
    integration_id varchar(36)   not null,
    message        varchar(1000) not null,
    failed_at      timestamp     not null,
    primary key (repository_pk, kind, entity_id)
);
create index devinfo_failed_entity_tenant_idx on devinfo_failed_entity (tenant_id);

-- Indexing: one row per repository an integration account can see, and what was found in it per issue key.
create table indexed_repository (
    id                  varchar(36)   not null primary key,
    tenant_id           varchar(255)  not null,
    integration_id      varchar(36)   not null,
    repository          varchar(300)  not null,
    host_type           varchar(32)   not null,
    web_url             varchar(1000),
    clone_url           varchar(1000),
    default_branch      varchar(255),
    state               varchar(16)   not null,
    commits_indexed     bigint        not null,
    last_indexed_at     timestamp,
    error               varchar(1000),
    pull_requests_since timestamp,
    deferred_until      timestamp,
    reindex_requested   boolean       not null,
    version             bigint        not null,
    constraint indexed_repository_one_per_path unique (integration_id, repository)
);
create index indexed_repository_tenant_idx on indexed_repository (tenant_id, integration_id);

-- The branch tips the last index reached: the next index walks from the new tips down to these.
create table indexed_ref (
    repository_pk varchar(36)  not null,
    name          varchar(500) not null,
    sha           varchar(64)  not null,
    primary key (repository_pk, name)
);

-- One row per commit and issue key its message mentions (only commits that mention a key are stored).
create table indexed_commit (
    repository_pk varchar(36)   not null,
    sha           varchar(64)   not null,
    issue_key     varchar(300)  not null,
    tenant_id     varchar(255)  not null,
    message       varchar(4000) not null,
    author        varchar(255),
    committed_at  timestamp     not null,
    primary key (repository_pk, sha, issue_key)
);
create index indexed_commit_issue_idx on indexed_commit (tenant_id, issue_key, committed_at);

create table indexed_branch (
    repository_pk varchar(36)  not null,
    name          varchar(500) not null,
    issue_key     varchar(300) not null,
    tenant_id     varchar(255) not null,
    primary key (repository_pk, name, issue_key)
);
create index indexed_branch_issue_idx on indexed_branch (tenant_id, issue_key);

create table indexed_pull_request (
    repository_pk varchar(36)   not null,
    pull_request  varchar(64)   not null,
    issue_key     varchar(300)  not null,
    tenant_id     varchar(255)  not null,
    title         varchar(1000) not null,
    state         varchar(16)   not null,
    url           varchar(1000),
    source_branch varchar(500),
    target_branch varchar(500),
    author        varchar(255),
    updated_at    timestamp,
    primary key (repository_pk, pull_request, issue_key)
);
create index indexed_pull_request_issue_idx on indexed_pull_request (tenant_id, issue_key);

-- db-scheduler's table: cluster-safe jobs shared by every app instance on this database.
create table scheduled_tasks (
    task_name            varchar(100)             not null,
    task_instance        varchar(255)             not null,
    task_data            bytea,
    execution_time       timestamp with time zone not null,
    picked               boolean                  not null,
    picked_by            varchar(255),
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures int,
    last_heartbeat       timestamp with time zone,
    version              bigint                   not null,
    priority             smallint,
    primary key (task_name, task_instance)
);
create index scheduled_tasks_execution_time_idx on scheduled_tasks (execution_time);
create index scheduled_tasks_last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index scheduled_tasks_priority_idx on scheduled_tasks (priority desc, execution_time asc);

-- At most gitbridge.indexing.runs-per-site indexing jobs of one site run at once, on all instances together.
-- A site's row is locked while one of its jobs takes or gives up a place, so that two instances cannot both
-- take the last one.
create table indexing_site (
    tenant_id varchar(255) not null primary key
);

-- The site's jobs that hold a place (RUNNING) or wait for one (WAITING, oldest first). A RUNNING row counts only
-- while db-scheduler has its job picked: one left behind by a run that could not clear it holds no place.
create table indexing_site_job (
    task_name     varchar(100) not null,
    task_instance varchar(255) not null,
    tenant_id     varchar(255) not null,
    state         varchar(16)  not null,
    since         timestamp    not null,
    primary key (task_name, task_instance)
);
create index indexing_site_job_tenant_idx on indexing_site_job (tenant_id, state, since);

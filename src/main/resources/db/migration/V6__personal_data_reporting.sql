-- When each site's stored account ids are next due to be reported to Atlassian (personal data reporting).
create table personal_data_report (
    tenant_id      varchar(255) not null primary key,
    next_report_at timestamp    not null
);

-- The Jira projects an integration is limited to: upper-case project keys, comma-separated; empty for every project.
-- At most 100 keys of at most 255 characters each.
alter table integration add column project_keys varchar(25700) default '' not null;

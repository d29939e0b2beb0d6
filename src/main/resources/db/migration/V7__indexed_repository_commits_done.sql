-- commits_indexed shows a running index's progress; commits_done is the count as of the last finished run, which an
-- interrupted run's progress must not change (the next run walks again from the last finished run's tips).
alter table indexed_repository add column commits_done bigint default 0 not null;
update indexed_repository set commits_done = commits_indexed;

-- What Jira's development information needs of an indexed commit, branch and pull request beyond what the panel shows.
alter table indexed_commit add column author_email varchar(255);
alter table indexed_commit add column authored_at timestamp;
alter table indexed_commit add column file_count int;
alter table indexed_commit add column parent_count int;

-- A branch's last commit, which need not mention a key itself.
alter table indexed_branch add column tip_sha varchar(64);
alter table indexed_branch add column tip_message varchar(1024);
alter table indexed_branch add column tip_author varchar(255);
alter table indexed_branch add column tip_author_email varchar(255);
alter table indexed_branch add column tip_authored_at timestamp;
alter table indexed_branch add column tip_file_count int;
alter table indexed_branch add column tip_parent_count int;

-- display_id as the host writes it (#42, !42); reviewers a JSON array of {"name","email","approved"} or null.
alter table indexed_pull_request add column display_id varchar(32);
alter table indexed_pull_request add column comment_count int;
alter table indexed_pull_request add column reviewers varchar(4000);

-- Jira sites (tenants) that installed the app, as the Connect library models them.
-- shared_secret holds the encrypted form written by EncryptedStringConverter, never the plain secret.
create table atlassian_host (
    client_key                          varchar(255)  not null primary key,
    oauth_client_id                     varchar(255),
    shared_secret                       varchar(1024) not null,
    authentication                      varchar(16),
    cloud_id                            varchar(255),
    base_url                            varchar(512)  not null,
    display_url                         varchar(512),
    display_url_servicedesk_help_center varchar(512),
    product_type                        varchar(64),
    description                         varchar(1024),
    service_entitlement_number          varchar(255),
    entitlement_id                      varchar(255),
    entitlement_number                  varchar(255),
    installation_id                     varchar(255),
    addon_installed                     boolean       not null,
    created_date                        timestamp,
    last_modified_date                  timestamp,
    created_by                          varchar(255),
    last_modified_by                    varchar(255)
);

create index atlassian_host_base_url_idx on atlassian_host (base_url);

create table atlassian_host_mapping (
    installation_id varchar(255) not null primary key,
    client_key      varchar(255) not null
);

create index atlassian_host_mapping_client_key_idx on atlassian_host_mapping (client_key);

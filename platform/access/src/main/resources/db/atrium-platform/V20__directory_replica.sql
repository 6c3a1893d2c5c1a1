-- Replica of directory-service's users and teams (platform/access), kept from crm.user and crm.team events, newest
-- version wins. Records elsewhere name a user by their token subject; a team by its id. Platform migrations share
-- one history (atrium_platform_schema_history, out-of-order allowed); this module numbers its migrations 20.x.
create table if not exists atrium_directory_user (
    id         uuid primary key,
    subject    text    not null,
    name       text,
    email      text,
    active     boolean not null,
    manager_id uuid,
    time_zone  text,
    version    bigint  not null
);
create index if not exists atrium_directory_user_subject on atrium_directory_user (subject);
create index if not exists atrium_directory_user_manager on atrium_directory_user (manager_id);

create table if not exists atrium_directory_team (
    id         uuid primary key,
    name       text,
    manager_id uuid,
    deleted    boolean not null default false,
    version    bigint  not null
);

create table if not exists atrium_directory_member (
    team_id uuid not null,
    user_id uuid not null,
    primary key (team_id, user_id)
);
create index if not exists atrium_directory_member_user on atrium_directory_member (user_id);

-- directory-service owns the people who use Atrium and their teams, provisioned by SCIM or edited by admins.
create table directory_user (
    id                uuid primary key,
    version           bigint      not null,
    subject           text        not null,
    user_name         text        not null,
    display_name      text,
    given_name        text,
    family_name       text,
    email             text,
    active            boolean     not null,
    manager_id        uuid references directory_user (id),
    time_zone         text,
    external_id       text,
    deactivated_at    timestamptz,
    deleted_by_idp_at timestamptz,
    created_by        text        not null,
    created_at        timestamptz not null,
    updated_by        text        not null,
    updated_at        timestamptz not null
);

-- SCIM userName is unique regardless of case (RFC 7643 4.1.1); so is the token subject derived from it.
create unique index directory_user_user_name_unique on directory_user (lower(user_name));
create unique index directory_user_subject_unique on directory_user (subject);
create index directory_user_external_id on directory_user (external_id);
create index directory_user_name_sort on directory_user (lower(user_name), id);
create index directory_user_manager on directory_user (manager_id);

create table team (
    id          uuid primary key,
    version     bigint      not null,
    name        text        not null,
    manager_id  uuid references directory_user (id),
    external_id text,
    created_by  text        not null,
    created_at  timestamptz not null,
    updated_by  text        not null,
    updated_at  timestamptz not null
);

create unique index team_name_unique on team (lower(name));
create index team_name_sort on team (lower(name), id);
create index team_external_id on team (external_id);

create table team_member (
    team_id uuid not null references team (id) on delete cascade,
    user_id uuid not null references directory_user (id),
    primary key (team_id, user_id)
);

create index team_member_user on team_member (user_id);

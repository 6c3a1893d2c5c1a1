-- People come from the directory replica (platform/access: atrium_directory_user, kept from crm.user events): their
-- email, time zone and whether they are active. Nothing is learnt from tokens any more, so what was is dropped: the
-- email claim (or the address chosen in preferences), the roles and when the token was seen; the digest's zone is the
-- person's time zone in the directory. A recipient row now holds only the digest the person asked for.
alter table recipient
    drop column email,
    drop column email_from_token,
    drop column roles,
    drop column seen_at,
    drop column digest_zone;

-- Rows that only recorded a token and say nothing the defaults do not.
delete from recipient where not digest_enabled and digest_hour = 8 and digest_last_sent is null;

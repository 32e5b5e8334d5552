-- The digest of the partner key a subscription was made with: replacing a partner's key (often because it leaked)
-- ends the subscriptions made with the old one. NULL: the public's, or one made before the digest was kept.

ALTER TABLE subscriptions ADD COLUMN key_sha256 TEXT;

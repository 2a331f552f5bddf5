-- Organisers: accounts an admin creates, which own the shows they create and act on those only.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('USER', 'ADMIN', 'ORGANISER'));

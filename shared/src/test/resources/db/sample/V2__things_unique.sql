ALTER TABLE things ADD CONSTRAINT things_name_unique UNIQUE (name);
INSERT INTO things (name) VALUES ('seed');

-- What a creating instance is doing now (e.g. pulling its image), for the console.
ALTER TABLE instances ADD COLUMN progress TEXT NOT NULL DEFAULT '';

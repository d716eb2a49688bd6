//! Users: accounts, roles and password hashes.

use chrono::{DateTime, Utc};
use tianqi_core::page::PageRequest;
use tianqi_core::users::{Role, User};

use crate::{on_db, Result, Store, StoreError};

const USER_COLUMNS: &str = "id, username, role, enabled, display_name, email, \
                            must_change_password, created_at, updated_at";

#[derive(sqlx::FromRow, serde::Deserialize)]
struct UserRow {
    id: i64,
    username: String,
    role: String,
    #[serde(deserialize_with = "crate::de_bool")]
    enabled: bool,
    display_name: String,
    email: String,
    #[serde(deserialize_with = "crate::de_bool")]
    must_change_password: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<UserRow> for User {
    type Error = StoreError;
    fn try_from(r: UserRow) -> Result<User> {
        let role = Role::parse(&r.role).ok_or_else(|| {
            StoreError::Other(format!("user {} has unknown role {}", r.id, r.role))
        })?;
        Ok(User {
            id: r.id,
            username: r.username,
            role,
            enabled: r.enabled,
            display_name: r.display_name,
            email: r.email,
            must_change_password: r.must_change_password,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

/// A user to insert; the password is already hashed.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub password_hash: String,
    pub role: Role,
    pub display_name: String,
    pub email: String,
    pub must_change_password: bool,
    pub now: DateTime<Utc>,
}

/// List filters. Every field is optional.
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    pub role: Option<Role>,
    pub enabled: Option<bool>,
    /// Substring of the username (case-sensitive on PostgreSQL, ASCII-insensitive on SQLite).
    pub username_contains: Option<String>,
}

/// Fields an admin may change. `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct UserPatch {
    pub role: Option<Role>,
    pub enabled: Option<bool>,
    pub display_name: Option<String>,
    pub email: Option<String>,
}

impl Store {
    pub async fn insert_user(&self, u: &NewUser) -> Result<User> {
        let sql = format!(
            "INSERT INTO users (username, password_hash, role, enabled, display_name, email, \
             must_change_password, created_at, updated_at) \
             VALUES ($1, $2, $3, TRUE, $4, $5, $6, $7, $7) RETURNING {USER_COLUMNS}"
        );
        let row: UserRow = on_db!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(&u.username)
                .bind(&u.password_hash)
                .bind(u.role.as_str())
                .bind(&u.display_name)
                .bind(&u.email)
                .bind(u.must_change_password)
                .bind(u.now)
                .fetch_one(pool)
                .await?
        });
        row.try_into()
    }

    /// Creates the first admin exactly once in the life of a database: the
    /// `admin_bootstrapped` setting is written in the same transaction, so later
    /// starts (even after the admin was renamed or deleted) never do it again.
    /// Returns `None` when the bootstrap already happened.
    pub async fn bootstrap_admin(&self, u: &NewUser) -> Result<Option<User>> {
        let sql = format!(
            "INSERT INTO users (username, password_hash, role, enabled, display_name, email, \
             must_change_password, created_at, updated_at) \
             VALUES ($1, $2, $3, TRUE, $4, $5, $6, $7, $7) RETURNING {USER_COLUMNS}"
        );
        let row: Option<UserRow> = on_db!(self, |pool| {
            let mut tx = pool.begin().await?;
            let claimed = sqlx::query(
                "INSERT INTO settings (key, value) VALUES ('admin_bootstrapped', $1) \
                 ON CONFLICT (key) DO NOTHING",
            )
            .bind(u.now.to_rfc3339())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if claimed == 0 {
                None
            } else {
                let row: UserRow = sqlx::query_as(&sql)
                    .bind(&u.username)
                    .bind(&u.password_hash)
                    .bind(u.role.as_str())
                    .bind(&u.display_name)
                    .bind(&u.email)
                    .bind(u.must_change_password)
                    .bind(u.now)
                    .fetch_one(&mut *tx)
                    .await?;
                tx.commit().await?;
                Some(row)
            }
        });
        row.map(User::try_from).transpose()
    }

    pub async fn user(&self, id: i64) -> Result<User> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
        let row: UserRow = on_db!(self, |pool| {
            sqlx::query_as(&sql).bind(id).fetch_one(pool).await?
        });
        row.try_into()
    }

    /// The user and their password hash, for login.
    pub async fn user_with_hash(&self, username: &str) -> Result<Option<(User, String)>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            user: UserRow,
            password_hash: String,
        }
        let sql = format!("SELECT {USER_COLUMNS}, password_hash FROM users WHERE username = $1");
        let row: Option<Row> = on_db!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(username)
                .fetch_optional(pool)
                .await?
        });
        row.map(|r| Ok((User::try_from(r.user)?, r.password_hash)))
            .transpose()
    }

    pub async fn password_hash(&self, id: i64) -> Result<String> {
        let (h,): (String,) = on_db!(self, |pool| {
            sqlx::query_as("SELECT password_hash FROM users WHERE id = $1")
                .bind(id)
                .fetch_one(pool)
                .await?
        });
        Ok(h)
    }

    pub async fn list_users(&self, f: &UserFilter, page: PageRequest) -> Result<(Vec<User>, i64)> {
        // Filters are bound as parameters; a NULL parameter disables its filter, so
        // the SQL text is the same for every combination (and statement-cached).
        let filter = "($1 IS NULL OR role = $1) AND ($2 IS NULL OR enabled = $2) \
                      AND ($3 IS NULL OR username LIKE $3 ESCAPE '\\')";
        // One round trip, one row: the page as JSON plus the total (`json_page_sql`).
        let inner = format!(
            "SELECT {USER_COLUMNS} FROM users WHERE {filter} ORDER BY id LIMIT $4 OFFSET $5"
        );
        let count = format!("SELECT COUNT(*) FROM users WHERE {filter}");
        let columns: Vec<&str> = USER_COLUMNS.split(',').map(str::trim).collect();
        let sql = crate::json_page_sql(self.engine(), &columns, &inner, &count);
        let role = f.role.map(Role::as_str);
        let pattern = f.username_contains.as_deref().map(crate::like_pattern);
        let (total, json): (i64, String) = on_db!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(role)
                .bind(f.enabled)
                .bind(pattern.as_deref())
                .bind(page.limit())
                .bind(page.offset())
                .fetch_one(pool)
                .await?
        });
        let rows: Vec<UserRow> = serde_json::from_str(&json)
            .map_err(|e| StoreError::Other(format!("user page: {e}")))?;
        let users = rows
            .into_iter()
            .map(User::try_from)
            .collect::<Result<_>>()?;
        Ok((users, total))
    }

    /// Applies `patch`, refusing (with `Ok(None)`) a change that would leave the
    /// platform without an enabled admin. The guard is part of the UPDATE itself,
    /// so it holds without a read-then-write race on SQLite.
    pub async fn update_user(
        &self,
        id: i64,
        patch: &UserPatch,
        now: DateTime<Utc>,
    ) -> Result<Option<User>> {
        let sql = format!(
            "UPDATE users SET \
               role = COALESCE($2, role), \
               enabled = COALESCE($3, enabled), \
               display_name = COALESCE($4, display_name), \
               email = COALESCE($5, email), \
               updated_at = $6 \
             WHERE id = $1 AND ( \
               (COALESCE($2, role) = 'admin' AND COALESCE($3, enabled)) \
               OR EXISTS (SELECT 1 FROM users o WHERE o.role = 'admin' AND o.enabled AND o.id <> $1)) \
             RETURNING {USER_COLUMNS}"
        );
        let row: Option<UserRow> = on_db!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(id)
                .bind(patch.role.map(Role::as_str))
                .bind(patch.enabled)
                .bind(patch.display_name.as_deref())
                .bind(patch.email.as_deref())
                .bind(now)
                .fetch_optional(pool)
                .await?
        });
        row.map(User::try_from).transpose()
    }

    pub async fn set_password(
        &self,
        id: i64,
        hash: &str,
        must_change: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let n = on_db!(self, |pool| {
            sqlx::query(
                "UPDATE users SET password_hash = $2, must_change_password = $3, updated_at = $4 \
                 WHERE id = $1",
            )
            .bind(id)
            .bind(hash)
            .bind(must_change)
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected()
        });
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// Deletes a user (their tokens go with them), refusing (`Ok(false)`) to delete
    /// the last enabled admin.
    pub async fn delete_user(&self, id: i64) -> Result<bool> {
        let n = on_db!(self, |pool| {
            sqlx::query(
                "DELETE FROM users WHERE id = $1 AND ( \
                   NOT (role = 'admin' AND enabled) \
                   OR EXISTS (SELECT 1 FROM users o WHERE o.role = 'admin' AND o.enabled AND o.id <> $1))",
            )
            .bind(id)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(n > 0)
    }

    pub async fn user_exists(&self, id: i64) -> Result<bool> {
        let n: Option<(i64,)> = on_db!(self, |pool| {
            sqlx::query_as("SELECT id FROM users WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        Ok(n.is_some())
    }
}

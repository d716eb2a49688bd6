# PostgreSQL from Debian's postgresql-15 package, on a rootfs made by build.sh
# (mmdebstrap | docker import). The first start creates the cluster in the
# volume with the password from POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE.
FROM tianqi/postgres-base:bookworm
COPY postgres-entrypoint.sh /usr/local/bin/postgres-entrypoint
RUN mkdir -p /var/lib/postgresql/data /var/run/postgresql \
 && chown postgres:postgres /var/lib/postgresql/data /var/run/postgresql \
 && chmod 700 /var/lib/postgresql/data
ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    PGDATA=/var/lib/postgresql/data
USER postgres
VOLUME /var/lib/postgresql/data
EXPOSE 5432
ENTRYPOINT ["/usr/local/bin/postgres-entrypoint"]

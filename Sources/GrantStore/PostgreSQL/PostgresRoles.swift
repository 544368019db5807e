/// What the server itself enforces, whoever connects and however (the command line or `psql`):
///
/// - **Privileges.** Logins may read and insert the ledger's tables, nothing else: no UPDATE,
///   DELETE or TRUNCATE is granted to anyone but the tables' owner (the administrator who ran
///   `init`), and triggers refuse those even to the owner.
/// - **Row-level security.** Only the ledger's users see or add rows: its owner, and the logins
///   registered (`grantledger user add`) in one of its projects and not revoked.
/// - **Server-side checks** (triggers): each entry is written under the login that writes it and
///   timed by the server's clock; it follows on from the chain's head; its kind is one the login's
///   role records, for a partner the role covers (each line of a block, by the partners listed
///   beside it, which `verify` holds to the lines) (the same rule `KeyAuthority` is in the engine);
///   each signature is by the login's own registered key.
///
/// Entries are never timed earlier than the last one. The administrator may set the time entries
/// are recorded at (as they could the server's clock)
/// and may copy a ledger in whole (`grantledger copy`), its entries keeping their authors and
/// times; whatever else they change behind the engine's back, `verify` finds.
enum PostgresRoles {
    /// The tables users read and insert into.
    static let ledgerTables = PostgresSchema.tables

    /// The functions the checks are made of, each by name with its body: `verify` holds the
    /// database's to these, so a check quietly rewritten is found.
    static let functions: [(name: String, definition: String)] = [
        ("grantledger_is_administrator", """
            () RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
                SELECT pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = 'entries'::regclass), 'MEMBER')
            $$
            """),
        ("grantledger_is_owner", """
            () RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
                SELECT EXISTS (SELECT 1 FROM ledger_owner WHERE name = session_user)
            $$
            """),
        ("grantledger_live_keys", """
            (login text) RETURNS TABLE (project text, role text, partner text, public_key text)
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
                SELECT k.project, k.category, k.partner, k.content_hash FROM entries k
                WHERE k.kind = 'key' AND k.description = login
                  AND NOT EXISTS (SELECT 1 FROM entries r WHERE r.kind = 'key-revoked' AND r.project = k.project
                                  AND r.content_hash = k.content_hash AND r.sequence > k.sequence)
            $$
            """),
        ("grantledger_is_member", """
            () RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
                SELECT grantledger_is_owner() OR grantledger_is_administrator()
                    OR EXISTS (SELECT 1 FROM grantledger_live_keys(session_user))
            $$
            """),
        ("grantledger_is_copying", """
            () RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
                SELECT coalesce(current_setting('grantledger.copying', true), '') = 'on' AND grantledger_is_administrator()
            $$
            """),
        ("grantledger_start_recording", """
            (requested text) RETURNS text LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path FROM CURRENT AS $$
            DECLARE
                at text;
            BEGIN
                PERFORM pg_advisory_xact_lock(\(PostgresDatabase.writeLock));
                at := CASE WHEN requested IS NOT NULL AND grantledger_is_administrator() THEN requested
                      ELSE to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') END;
                -- Never earlier than the last entry (a clock set back, an earlier time asked for).
                at := greatest(at, (SELECT max(t) COLLATE "C" FROM (
                    (SELECT recorded_at AS t FROM entries ORDER BY sequence DESC LIMIT 1)
                    UNION ALL (SELECT recorded_at FROM entry_blocks ORDER BY first_sequence DESC LIMIT 1)) last));
                INSERT INTO recording_times VALUES (pg_backend_pid(), txid_current(), at)
                    ON CONFLICT (backend) DO UPDATE SET xact = excluded.xact, recorded_at = excluded.recorded_at;
                RETURN at;
            END
            $$
            """),
        ("grantledger_recording_time", """
            () RETURNS text LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
                SELECT recorded_at FROM recording_times WHERE backend = pg_backend_pid() AND xact = txid_current()
            $$
            """),
        ("grantledger_head", """
            (OUT sequence bigint, OUT hash text) LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
                SELECT * FROM (
                    (SELECT e.sequence, e.hash FROM entries e ORDER BY e.sequence DESC LIMIT 1)
                    UNION ALL
                    (SELECT b.last_sequence, encode(substr(b.hashes, length(b.hashes) - 31), 'hex') FROM entry_blocks b
                     ORDER BY b.first_sequence DESC LIMIT 1)
                    UNION ALL SELECT 0, repeat('0', 64)) h ORDER BY 1 DESC LIMIT 1
            $$
            """),
        ("grantledger_partner_of", """
            (entry bigint) RETURNS text LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
                SELECT b.partners[entry - b.first_sequence + 1] FROM entry_blocks b
                WHERE b.first_sequence <= entry AND b.last_sequence >= entry
            $$
            """),
        ("grantledger_authorise", """
            (project text, action text, partner text) RETURNS void LANGUAGE plpgsql STABLE SECURITY DEFINER
            SET search_path FROM CURRENT AS $$
            DECLARE
                key record;
            BEGIN
                IF grantledger_is_owner() OR grantledger_is_copying() THEN RETURN; END IF;
                FOR key IN SELECT * FROM grantledger_live_keys(session_user) k WHERE k.project = grantledger_authorise.project LOOP
                    IF (action = 'import' AND key.role = 'partner' AND (partner IS NULL OR partner = key.partner))
                        OR (action = 'reverse' AND key.role = 'partner' AND partner = key.partner)
                        OR (action = 'certify' AND key.role = 'controller' AND (key.partner IS NULL OR partner = key.partner))
                        OR (action = 'report' AND key.role = 'partner' AND partner = key.partner)
                        OR (action = 'reopen' AND (key.role = 'programme'
                            OR key.role = 'controller' AND (key.partner IS NULL OR partner = key.partner)))
                        OR (action = 'manage' AND key.role = 'programme') THEN
                        RETURN;
                    END IF;
                END LOOP;
                RAISE EXCEPTION 'the login % may not % in project %: %', session_user,
                    CASE action WHEN 'import' THEN 'import expenditure' || coalesce(' of ' || partner, '')
                        WHEN 'reverse' THEN 'reverse expenditure of ' || coalesce(partner, 'an unknown partner')
                        WHEN 'certify' THEN 'certify expenditure or control partner reports of ' || coalesce(partner, 'an unknown partner')
                        WHEN 'report' THEN 'open or submit partner reports of ' || coalesce(partner, 'an unknown partner')
                        WHEN 'reopen' THEN 'reopen partner reports of ' || coalesce(partner, 'an unknown partner')
                        WHEN 'manage' THEN 'record payments, close periods or register users'
                        ELSE 'load projects' END,
                    project,
                    CASE WHEN EXISTS (SELECT 1 FROM grantledger_live_keys(session_user) k WHERE k.project = grantledger_authorise.project)
                        THEN 'its role there does not record that'
                        ELSE 'it is not a user of that project (grantledger user add)' END
                    USING ERRCODE = 'insufficient_privilege';
            END
            $$
            """),
        ("grantledger_check_written", """
            (author text, recorded_at text) RETURNS void LANGUAGE plpgsql STABLE SECURITY DEFINER
            SET search_path FROM CURRENT AS $$
            BEGIN
                IF grantledger_is_copying() THEN RETURN; END IF;
                IF author IS DISTINCT FROM session_user THEN
                    RAISE EXCEPTION 'the login % may not record entries as %: an entry is recorded under the login that writes it',
                        session_user, author USING ERRCODE = 'insufficient_privilege';
                END IF;
                IF recorded_at IS DISTINCT FROM grantledger_recording_time() THEN
                    RAISE EXCEPTION 'an entry must be timed by the server''s clock (%), not %',
                        coalesce(grantledger_recording_time(), 'ask grantledger_start_recording first'), recorded_at
                        USING ERRCODE = 'insufficient_privilege';
                END IF;
            END
            $$
            """),
        ("grantledger_check_follows", """
            (sequence bigint, previous_hash text) RETURNS void LANGUAGE plpgsql VOLATILE SECURITY DEFINER
            SET search_path FROM CURRENT AS $$
            DECLARE
                head record;
            BEGIN
                PERFORM pg_advisory_xact_lock(\(PostgresDatabase.writeLock));
                SELECT * INTO head FROM grantledger_head();
                IF sequence <> head.sequence + 1 OR previous_hash <> head.hash THEN
                    RAISE EXCEPTION 'entry % does not follow on from the chain''s head (entry %, %): entries are only appended',
                        sequence, head.sequence, head.hash USING ERRCODE = 'integrity_constraint_violation';
                END IF;
            END
            $$
            """),
        ("grantledger_check_entry", """
            () RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
            BEGIN
                PERFORM grantledger_check_written(NEW.author, NEW.recorded_at);
                PERFORM grantledger_check_follows(NEW.sequence, NEW.previous_hash);
                PERFORM grantledger_authorise(NEW.project, CASE NEW.kind
                    WHEN 'import' THEN 'import' WHEN 'rate' THEN 'import'
                    WHEN 'reversal' THEN 'reverse' WHEN 'control' THEN 'certify'
                    WHEN 'partner-report' THEN CASE WHEN NEW.reason IN ('open', 'submit') THEN 'report'
                        WHEN NEW.reason IN ('start-control', 'certify') THEN 'certify' ELSE 'reopen' END
                    WHEN 'project' THEN 'load' ELSE 'manage' END,
                    CASE NEW.kind WHEN 'reversal' THEN grantledger_partner_of(NEW.reverses)
                        WHEN 'control' THEN grantledger_partner_of(NEW.controls) WHEN 'partner-report' THEN NEW.partner END);
                RETURN NEW;
            END
            $$
            """),
        ("grantledger_check_block", """
            () RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
            DECLARE
                partner text;
            BEGIN
                PERFORM grantledger_check_written(NEW.author, NEW.recorded_at);
                PERFORM grantledger_check_follows(NEW.first_sequence, encode(NEW.previous_hash, 'hex'));
                IF coalesce(cardinality(NEW.partners), 0) <> NEW.last_sequence - NEW.first_sequence + 1 THEN
                    RAISE EXCEPTION 'block % lists % partners for % lines', NEW.first_sequence, coalesce(cardinality(NEW.partners), 0),
                        NEW.last_sequence - NEW.first_sequence + 1 USING ERRCODE = 'integrity_constraint_violation';
                END IF;
                FOR partner IN SELECT DISTINCT p FROM unnest(NEW.partners) p LOOP
                    PERFORM grantledger_authorise(NEW.project, 'import', partner);
                END LOOP;
                RETURN NEW;
            END
            $$
            """),
        ("grantledger_check_batch_spend", """
            () RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
            BEGIN
                PERFORM grantledger_authorise(NEW.project, 'import', NEW.partner);
                RETURN NEW;
            END
            $$
            """),
        ("grantledger_check_signature", """
            () RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
            BEGIN
                IF grantledger_is_copying() THEN RETURN NEW; END IF;
                IF NOT EXISTS (SELECT 1 FROM ledger_owner o WHERE o.name = session_user AND o.public_key = NEW.public_key)
                   AND NOT EXISTS (SELECT 1 FROM grantledger_live_keys(session_user) k WHERE k.public_key = NEW.public_key) THEN
                    RAISE EXCEPTION 'the login % may sign only with its own registered key, not %', session_user, NEW.public_key
                        USING ERRCODE = 'insufficient_privilege';
                END IF;
                IF NEW.last_sequence <> (SELECT sequence FROM grantledger_head()) THEN
                    RAISE EXCEPTION 'a signature covers the chain up to its head' USING ERRCODE = 'integrity_constraint_violation';
                END IF;
                RETURN NEW;
            END
            $$
            """),
        ("grantledger_check_definition", """
            () RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
            BEGIN
                IF NOT (grantledger_is_owner() OR grantledger_is_copying()
                        OR (TG_TABLE_NAME IN ('ledger_owner', 'ledger_meta') AND grantledger_is_administrator())) THEN
                    RAISE EXCEPTION 'the login % may not write % : only the ledger''s owner loads projects', session_user,
                        TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
                END IF;
                RETURN NEW;
            END
            $$
            """),
        ("grantledger_append_only", """
            () RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'ledger entries are append-only: post a reversal instead' USING ERRCODE = 'insufficient_privilege';
            END
            $$
            """),
    ]

    /// Which check each table's inserts pass.
    static let insertChecks: [String: String] = {
        var checks = ["entries": "grantledger_check_entry", "entry_blocks": "grantledger_check_block",
                      "batch_spend": "grantledger_check_batch_spend", "signatures": "grantledger_check_signature"]
        for table in ledgerTables where checks[table] == nil { checks[table] = "grantledger_check_definition" }
        return checks
    }()

    /// Everything above, made once with the schema.
    static var creation: String {
        var sql = """
            CREATE UNLOGGED TABLE recording_times (
                backend BIGINT PRIMARY KEY,
                xact BIGINT NOT NULL,
                recorded_at TEXT NOT NULL
            );
            REVOKE ALL ON recording_times FROM PUBLIC;

            """
        for (name, definition) in functions {
            sql += "CREATE FUNCTION \(name)\(definition);\n"
            sql += "REVOKE ALL ON FUNCTION \(name) FROM PUBLIC; GRANT EXECUTE ON FUNCTION \(name) TO PUBLIC;\n"
        }
        for table in ledgerTables { sql += security(table) }
        return sql
    }

    /// A table's privileges, row-level security and checks: read and insert by members, each
    /// insert passing its table's check, nothing ever changed.
    static func security(_ table: String) -> String {
        """
        REVOKE ALL ON \(table) FROM PUBLIC;
        GRANT SELECT, INSERT ON \(table) TO PUBLIC;
        ALTER TABLE \(table) ENABLE ROW LEVEL SECURITY;
        CREATE POLICY \(table)_read ON \(table) FOR SELECT USING ((SELECT grantledger_is_member()));
        CREATE POLICY \(table)_insert ON \(table) FOR INSERT WITH CHECK ((SELECT grantledger_is_member()));
        CREATE TRIGGER \(table)_checked BEFORE INSERT ON \(table) FOR EACH ROW EXECUTE FUNCTION \(insertChecks[table]!)();
        CREATE TRIGGER \(table)_never_changed BEFORE UPDATE OR DELETE ON \(table)
            FOR EACH ROW EXECUTE FUNCTION grantledger_append_only();
        CREATE TRIGGER \(table)_never_truncated BEFORE TRUNCATE ON \(table)
            FOR EACH STATEMENT EXECUTE FUNCTION grantledger_append_only();

        """
    }
}

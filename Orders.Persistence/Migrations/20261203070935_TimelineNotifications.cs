using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orders.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TimelineNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // One notification per inserting statement, naming the checkouts whose timeline grew, so that live status
            // streams on any instance are woken instead of polling. A payload must stay under 8000 bytes: past that,
            // "*" tells the listeners to look at every checkout they watch.
            migrationBuilder.Sql("""
                CREATE FUNCTION checkout_timeline_notify() RETURNS trigger
                LANGUAGE plpgsql AS $$
                DECLARE
                    ids text;
                BEGIN
                    SELECT string_agg(DISTINCT request_id, ',') INTO ids FROM inserted;
                    IF ids IS NOT NULL THEN
                        PERFORM pg_notify('ordersaga_timeline', CASE WHEN octet_length(ids) > 7900 THEN '*' ELSE ids END);
                    END IF;
                    RETURN NULL;
                END $$;

                CREATE TRIGGER checkout_timeline_notify
                AFTER INSERT ON checkout_timeline
                REFERENCING NEW TABLE AS inserted
                FOR EACH STATEMENT EXECUTE FUNCTION checkout_timeline_notify();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER checkout_timeline_notify ON checkout_timeline;
                DROP FUNCTION checkout_timeline_notify();
                """);
        }
    }
}

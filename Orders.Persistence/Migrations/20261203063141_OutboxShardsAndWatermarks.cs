using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Orders.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class OutboxShardsAndWatermarks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The shard of a checkout, as OutboxShards.Of computes it (FNV-1a over the UTF-8 requestId, modulo 16):
            // fills in the rows written before shards existed, and lets an operator find a checkout's shard.
            migrationBuilder.Sql("""
                CREATE FUNCTION outbox_shard_of(request_id text) RETURNS smallint
                LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
                DECLARE
                    bytes bytea := convert_to(request_id, 'UTF8');
                    hash bigint := 2166136261;
                BEGIN
                    FOR i IN 0 .. length(bytes) - 1 LOOP
                        hash := ((hash # get_byte(bytes, i)) * 16777619) % 4294967296;
                    END LOOP;
                    RETURN (hash % 16)::smallint;
                END $$;
                """);

            migrationBuilder.AddColumn<short>(
                name: "shard",
                table: "outbox_messages",
                type: "smallint",
                nullable: false,
                defaultValue: (short)0);
            migrationBuilder.Sql("UPDATE outbox_messages SET shard = outbox_shard_of(request_id);");

            // Rows written before: transaction 0, so they come first in their shard, in id order as the old relay sent them.
            migrationBuilder.AddColumn<long>(
                name: "tx",
                table: "outbox_messages",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);
            migrationBuilder.AlterColumn<long>(
                name: "tx",
                table: "outbox_messages",
                type: "bigint",
                nullable: false,
                defaultValueSql: "(pg_current_xact_id()::text::bigint)",
                oldClrType: typeof(long),
                oldType: "bigint",
                oldDefaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "outbox_shards",
                columns: table => new
                {
                    shard = table.Column<short>(type: "smallint", nullable: false),
                    delivered_tx = table.Column<long>(type: "bigint", nullable: false),
                    delivered_id = table.Column<long>(type: "bigint", nullable: false),
                    owner = table.Column<string>(type: "text", nullable: true),
                    owned_until = table.Column<DateTimeOffset>(type: "timestamptz", nullable: true),
                    delivered_at = table.Column<DateTimeOffset>(type: "timestamptz", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_shards", x => x.shard);
                });

            migrationBuilder.InsertData(
                table: "outbox_shards",
                columns: new[] { "shard", "delivered_at", "delivered_id", "delivered_tx", "owned_until", "owner" },
                values: new object[,]
                {
                    { (short)0, null, 0L, 0L, null, null },
                    { (short)1, null, 0L, 0L, null, null },
                    { (short)2, null, 0L, 0L, null, null },
                    { (short)3, null, 0L, 0L, null, null },
                    { (short)4, null, 0L, 0L, null, null },
                    { (short)5, null, 0L, 0L, null, null },
                    { (short)6, null, 0L, 0L, null, null },
                    { (short)7, null, 0L, 0L, null, null },
                    { (short)8, null, 0L, 0L, null, null },
                    { (short)9, null, 0L, 0L, null, null },
                    { (short)10, null, 0L, 0L, null, null },
                    { (short)11, null, 0L, 0L, null, null },
                    { (short)12, null, 0L, 0L, null, null },
                    { (short)13, null, 0L, 0L, null, null },
                    { (short)14, null, 0L, 0L, null, null },
                    { (short)15, null, 0L, 0L, null, null }
                });

            // Each shard's watermark starts just below its first undelivered row (or at its last row when all are
            // delivered): nothing undelivered is skipped; a delivered row above an undelivered one goes again, with its id.
            migrationBuilder.Sql("""
                UPDATE outbox_shards s
                SET delivered_id = coalesce(
                        (SELECT min(m.id) - 1 FROM outbox_messages m WHERE m.shard = s.shard AND m.delivered_at IS NULL),
                        (SELECT max(m.id) FROM outbox_messages m WHERE m.shard = s.shard),
                        0),
                    delivered_at = now();
                """);

            migrationBuilder.CreateTable(
                name: "outbox_relays",
                columns: table => new
                {
                    relay = table.Column<string>(type: "text", nullable: false),
                    seen_until = table.Column<DateTimeOffset>(type: "timestamptz", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_relays", x => x.relay);
                });

            migrationBuilder.DropIndex(
                name: "ix_outbox_messages_undelivered",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "delivered_at",
                table: "outbox_messages");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_shard_tx_id",
                table: "outbox_messages",
                columns: new[] { "shard", "tx", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "outbox_relays");

            migrationBuilder.DropIndex(
                name: "ix_outbox_messages_shard_tx_id",
                table: "outbox_messages");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "delivered_at",
                table: "outbox_messages",
                type: "timestamptz",
                nullable: true);

            // Delivered again means: at or below its shard's watermark.
            migrationBuilder.Sql("""
                UPDATE outbox_messages m SET delivered_at = coalesce(s.delivered_at, now())
                FROM outbox_shards s
                WHERE s.shard = m.shard AND (m.tx, m.id) <= (s.delivered_tx, s.delivered_id);
                """);

            migrationBuilder.DropTable(
                name: "outbox_shards");

            migrationBuilder.Sql("DROP FUNCTION outbox_shard_of(text);");

            migrationBuilder.DropColumn(
                name: "shard",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "tx",
                table: "outbox_messages");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_undelivered",
                table: "outbox_messages",
                column: "id",
                filter: "delivered_at IS NULL");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Orders.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AddDeadLettersAndAdminActions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "admin_actions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.SerialColumn),
                    actor = table.Column<string>(type: "text", nullable: false),
                    action = table.Column<string>(type: "text", nullable: false),
                    target = table.Column<string>(type: "text", nullable: false),
                    outcome = table.Column<string>(type: "text", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamptz", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_admin_actions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "dead_letters",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.SerialColumn),
                    request_id = table.Column<string>(type: "text", nullable: true),
                    topic = table.Column<string>(type: "text", nullable: false),
                    partition = table.Column<int>(type: "integer", nullable: false),
                    offset = table.Column<long>(type: "bigint", nullable: false),
                    message_type = table.Column<string>(type: "text", nullable: true),
                    error = table.Column<string>(type: "text", nullable: false),
                    key = table.Column<string>(type: "text", nullable: true),
                    value = table.Column<string>(type: "text", nullable: false),
                    headers = table.Column<string>(type: "jsonb", nullable: false),
                    failed_at = table.Column<DateTimeOffset>(type: "timestamptz", nullable: false),
                    replayed_at = table.Column<DateTimeOffset>(type: "timestamptz", nullable: true),
                    replayed_by = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dead_letters", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_admin_actions_at",
                table: "admin_actions",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_admin_actions_target",
                table: "admin_actions",
                column: "target");

            migrationBuilder.CreateIndex(
                name: "ix_dead_letters_failed_at",
                table: "dead_letters",
                column: "failed_at");

            migrationBuilder.CreateIndex(
                name: "ix_dead_letters_request_id",
                table: "dead_letters",
                column: "request_id");

            migrationBuilder.CreateIndex(
                name: "ux_dead_letters_topic_partition_offset",
                table: "dead_letters",
                columns: new[] { "topic", "partition", "offset" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "admin_actions");

            migrationBuilder.DropTable(
                name: "dead_letters");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orders.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class DeadLetterContentHash : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_dead_letters_topic_partition_offset",
                table: "dead_letters");

            migrationBuilder.AddColumn<string>(
                name: "content_hash",
                table: "dead_letters",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "ux_dead_letters_record",
                table: "dead_letters",
                columns: new[] { "topic", "partition", "offset", "content_hash" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_dead_letters_record",
                table: "dead_letters");

            migrationBuilder.DropColumn(
                name: "content_hash",
                table: "dead_letters");

            migrationBuilder.CreateIndex(
                name: "ux_dead_letters_topic_partition_offset",
                table: "dead_letters",
                columns: new[] { "topic", "partition", "offset" },
                unique: true);
        }
    }
}

using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TrainingCoursesAndEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "training_courses",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    description = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    audience_roles = table.Column<List<string>>(type: "text[]", nullable: false),
                    audience_kinds = table.Column<List<string>>(type: "text[]", nullable: false),
                    required_for = table.Column<List<string>>(type: "text[]", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_training_courses", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "training_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    description = table.Column<string>(type: "text", nullable: false),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    format = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    place = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    capacity = table.Column<int>(type: "integer", nullable: false),
                    audience_roles = table.Column<List<string>>(type: "text[]", nullable: false),
                    audience_kinds = table.Column<List<string>>(type: "text[]", nullable: false),
                    registration_open = table.Column<bool>(type: "boolean", nullable: false),
                    check_in_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_training_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "training_assignments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    course_id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    instructions = table.Column<string>(type: "text", nullable: false),
                    due_days = table.Column<int>(type: "integer", nullable: true),
                    due_on = table.Column<DateOnly>(type: "date", nullable: true),
                    max_points = table.Column<int>(type: "integer", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_training_assignments", x => x.id);
                    table.ForeignKey(
                        name: "fk_training_assignments_training_courses_course_id",
                        column: x => x.course_id,
                        principalTable: "training_courses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "training_lessons",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    course_id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    article_id = table.Column<Guid>(type: "uuid", nullable: true),
                    video_document_id = table.Column<Guid>(type: "uuid", nullable: true),
                    video_url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    document_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    text = table.Column<string>(type: "text", nullable: true),
                    position = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_training_lessons", x => x.id);
                    table.ForeignKey(
                        name: "fk_training_lessons_training_courses_course_id",
                        column: x => x.course_id,
                        principalTable: "training_courses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "training_event_registrations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    registered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    attended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    attended_via = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_training_event_registrations", x => x.id);
                    table.ForeignKey(
                        name: "fk_training_event_registrations_training_events_event_id",
                        column: x => x.event_id,
                        principalTable: "training_events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "training_submissions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    course_id = table.Column<Guid>(type: "uuid", nullable: false),
                    assignment_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    attempt = table.Column<int>(type: "integer", nullable: false),
                    text = table.Column<string>(type: "text", nullable: false),
                    document_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    late = table.Column<bool>(type: "boolean", nullable: false),
                    points = table.Column<int>(type: "integer", nullable: true),
                    feedback = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: true),
                    reviewed_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    reviewed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_training_submissions", x => x.id);
                    table.ForeignKey(
                        name: "fk_training_submissions_training_assignments_assignment_id",
                        column: x => x.assignment_id,
                        principalTable: "training_assignments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_training_submissions_training_courses_course_id",
                        column: x => x.course_id,
                        principalTable: "training_courses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "training_lesson_completions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    course_id = table.Column<Guid>(type: "uuid", nullable: false),
                    lesson_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_training_lesson_completions", x => x.id);
                    table.ForeignKey(
                        name: "fk_training_lesson_completions_training_courses_course_id",
                        column: x => x.course_id,
                        principalTable: "training_courses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_training_lesson_completions_training_lessons_lesson_id",
                        column: x => x.lesson_id,
                        principalTable: "training_lessons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "role_permissions",
                columns: new[] { "permission", "role_id" },
                values: new object[,]
                {
                    { "training.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "training.read", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "training.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "training.read", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "training.read", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "training.read", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "training.read", new Guid("0192f0c1-0000-7000-8000-0000000000a5") }
                });

            migrationBuilder.CreateIndex(
                name: "ix_training_assignments_course_id_position",
                table: "training_assignments",
                columns: new[] { "course_id", "position" });

            migrationBuilder.CreateIndex(
                name: "ix_training_event_registrations_event_id_user_id",
                table: "training_event_registrations",
                columns: new[] { "event_id", "user_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_training_event_registrations_user_id",
                table: "training_event_registrations",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_training_events_starts_at_id",
                table: "training_events",
                columns: new[] { "starts_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_training_lesson_completions_course_id",
                table: "training_lesson_completions",
                column: "course_id");

            migrationBuilder.CreateIndex(
                name: "ix_training_lesson_completions_lesson_id",
                table: "training_lesson_completions",
                column: "lesson_id");

            migrationBuilder.CreateIndex(
                name: "ix_training_lesson_completions_user_id_course_id",
                table: "training_lesson_completions",
                columns: new[] { "user_id", "course_id" });

            migrationBuilder.CreateIndex(
                name: "ix_training_lesson_completions_user_id_lesson_id",
                table: "training_lesson_completions",
                columns: new[] { "user_id", "lesson_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_training_lessons_course_id_position",
                table: "training_lessons",
                columns: new[] { "course_id", "position" });

            migrationBuilder.CreateIndex(
                name: "ix_training_submissions_assignment_id_user_id_attempt",
                table: "training_submissions",
                columns: new[] { "assignment_id", "user_id", "attempt" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_training_submissions_course_id",
                table: "training_submissions",
                column: "course_id");

            migrationBuilder.CreateIndex(
                name: "ix_training_submissions_status_submitted_at_id",
                table: "training_submissions",
                columns: new[] { "status", "submitted_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_training_submissions_submitted_at_id",
                table: "training_submissions",
                columns: new[] { "submitted_at", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "training_event_registrations");

            migrationBuilder.DropTable(
                name: "training_lesson_completions");

            migrationBuilder.DropTable(
                name: "training_submissions");

            migrationBuilder.DropTable(
                name: "training_events");

            migrationBuilder.DropTable(
                name: "training_lessons");

            migrationBuilder.DropTable(
                name: "training_assignments");

            migrationBuilder.DropTable(
                name: "training_courses");

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "training.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "training.read", new Guid("0192f0c1-0000-7000-8000-0000000000a1") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "training.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a2") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "training.read", new Guid("0192f0c1-0000-7000-8000-0000000000a2") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "training.read", new Guid("0192f0c1-0000-7000-8000-0000000000a3") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "training.read", new Guid("0192f0c1-0000-7000-8000-0000000000a4") });

            migrationBuilder.DeleteData(
                table: "role_permissions",
                keyColumns: new[] { "permission", "role_id" },
                keyValues: new object[] { "training.read", new Guid("0192f0c1-0000-7000-8000-0000000000a5") });
        }
    }
}

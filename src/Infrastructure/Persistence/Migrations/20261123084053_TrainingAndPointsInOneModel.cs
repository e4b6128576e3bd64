using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MakCrm.Infrastructure.Persistence.Migrations;

/// <summary>
/// Brings the model snapshot up to date after the training and points migrations were written side by side: the
/// training tables and role grants are created by TrainingCoursesAndEvents and the points tables by PointsLedger, so
/// this migration changes nothing in the database.
/// </summary>
public partial class TrainingAndPointsInOneModel : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
    }
}

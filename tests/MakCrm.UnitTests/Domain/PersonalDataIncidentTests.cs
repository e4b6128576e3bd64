using MakCrm.Domain.PersonalData;

namespace MakCrm.UnitTests.Domain;

public sealed class PersonalDataIncidentTests
{
    private static readonly DateTimeOffset DetectedAt = new(2026, 11, 20, 9, 30, 0, TimeSpan.Zero);

    private static PersonalDataIncident Detected() =>
        PersonalDataIncident.Record(
            Guid.CreateVersion7(),
            DetectedAt,
            new IncidentFindings(
                "  Утечка   выгрузки ",
                " Что случилось ",
                " ",
                DetectedAt.AddDays(-1),
                DetectedAt,
                [" phone", "phone", "passport"],
                3
            ),
            DetectedAt
        );

    [Fact]
    public void The_deadlines_count_24_and_72_hours_from_detection()
    {
        var incident = Detected();
        incident.InitialNoticeDueAt.Should().Be(DetectedAt.AddHours(24));
        incident.FollowUpDueAt.Should().Be(DetectedAt.AddHours(72));
        incident.Title.Should().Be("Утечка выгрузки");
        incident.Assessment.Should().BeNull();
        incident.DataKinds.Should().Equal("phone", "passport");
    }

    [Fact]
    public void A_notice_is_due_until_its_deadline_then_overdue_and_once_sent_met_or_missed()
    {
        var due = DetectedAt.AddHours(24);
        PersonalDataIncident.StatusOf(due, null, due).Should().Be(IncidentDeadlineStatus.Due);
        PersonalDataIncident.StatusOf(due, null, due.AddTicks(10)).Should().Be(IncidentDeadlineStatus.Overdue);
        PersonalDataIncident.StatusOf(due, due, due.AddDays(5)).Should().Be(IncidentDeadlineStatus.Met);
        PersonalDataIncident
            .StatusOf(due, due.AddMinutes(1), due.AddDays(5))
            .Should()
            .Be(IncidentDeadlineStatus.Missed);
    }

    [Fact]
    public void A_change_that_changes_nothing_keeps_the_version()
    {
        var incident = Detected();
        incident.Update(incident.Findings, incident.Notices, DetectedAt.AddHours(1));
        incident.Version.Should().Be(1);
        incident.Update(incident.Findings, new IncidentNotices(DetectedAt.AddHours(2), null), DetectedAt.AddHours(2));
        incident.Version.Should().Be(2);
        incident.InitialNoticeSentAt.Should().Be(DetectedAt.AddHours(2));
    }
}

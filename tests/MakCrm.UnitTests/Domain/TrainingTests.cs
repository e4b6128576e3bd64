using MakCrm.Application.Calendars;
using MakCrm.Application.Training;
using MakCrm.Domain.Common;
using MakCrm.Domain.Training;

namespace MakCrm.UnitTests.Domain;

public sealed class TrainingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(LessonKind.Article, true, false, false, 0, null)]
    [InlineData(LessonKind.Article, false, false, false, 0, "articleId")]
    [InlineData(LessonKind.Article, true, true, false, 0, "kind")]
    [InlineData(LessonKind.Video, false, true, false, 0, null)]
    [InlineData(LessonKind.Video, false, false, true, 0, null)]
    [InlineData(LessonKind.Video, false, true, true, 0, "videoUrl")]
    [InlineData(LessonKind.Video, false, false, false, 0, "videoUrl")]
    [InlineData(LessonKind.Files, false, false, false, 2, null)]
    [InlineData(LessonKind.Files, false, false, false, 0, "documentIds")]
    [InlineData(LessonKind.Files, true, false, false, 1, "kind")]
    public void A_lesson_takes_exactly_what_its_kind_needs(LessonKind kind, bool article, bool videoDocument, bool videoUrl, int documents, string? brokenField)
    {
        var content = new LessonContent(
            "Урок", kind, article ? Guid.NewGuid() : null, videoDocument ? Guid.NewGuid() : null, videoUrl ? "https://v.example/1" : null,
            Enumerable.Range(0, documents).Select(_ => Guid.NewGuid()).ToList(), null, 0);
        var lesson = CourseLesson.Create(Guid.NewGuid(), Guid.NewGuid(), content, Now);
        if (brokenField is null)
        {
            lesson.IsSuccess.Should().BeTrue();
        }
        else
        {
            lesson.Error!.FieldErrors!.Keys.Should().Equal(brokenField);
        }
    }

    [Fact]
    public void Homework_is_resubmitted_only_after_a_return_and_decided_once()
    {
        var assignment = CourseAssignment.Create(Guid.NewGuid(), Guid.NewGuid(), new AssignmentContent("ДЗ", "Сделать", null, null, 10, 0), Now).Value;
        var first = HomeworkSubmission.Submit(Guid.NewGuid(), assignment, Guid.NewGuid(), Guid.NewGuid(), null, "Ответ", [], null, Now).Value;
        HomeworkSubmission.Submit(Guid.NewGuid(), assignment, first.UserId, first.OrganizationId, first, "Ещё", [], null, Now).Error!.Code
            .Should().Be(ErrorCodes.HomeworkResubmissionNotAllowed);
        first.Accept(11, 10, null, null, Now).Error!.FieldErrors!.Keys.Should().Equal("points");
        first.Return("Доработать", null, Now).IsSuccess.Should().BeTrue();
        first.Accept(5, 10, null, null, Now).Error!.Code.Should().Be(ErrorCodes.HomeworkAlreadyDecided);
        var second = HomeworkSubmission.Submit(Guid.NewGuid(), assignment, first.UserId, first.OrganizationId, first, "Исправил", [], null, Now).Value;
        second.Attempt.Should().Be(2);
        second.Accept(10, 10, "Отлично", null, Now).IsSuccess.Should().BeTrue();
        second.Points.Should().Be(10);
    }

    [Fact]
    public void A_dated_deadline_ends_with_its_day_in_Moscow_and_a_relative_one_counts_from_enrolment()
    {
        var dated = CourseAssignment.Create(Guid.NewGuid(), Guid.NewGuid(), new AssignmentContent("ДЗ", "x", null, new DateOnly(2026, 12, 1), 1, 0), Now).Value;
        HomeworkCatalog.DueAt(dated, null, Now).Should().Be(new DateTimeOffset(2026, 12, 1, 21, 0, 0, TimeSpan.Zero));
        var relative = CourseAssignment.Create(Guid.NewGuid(), Guid.NewGuid(), new AssignmentContent("ДЗ", "x", 7, null, 1, 0), Now).Value;
        HomeworkCatalog.DueAt(relative, Now.AddDays(-2), Now).Should().Be(Now.AddDays(5));
        HomeworkCatalog.DueAt(relative, null, Now).Should().Be(Now.AddDays(7));
        CourseAssignment.Create(Guid.NewGuid(), Guid.NewGuid(), new AssignmentContent("ДЗ", "x", 7, new DateOnly(2026, 12, 1), 1, 0), Now).IsSuccess.Should().BeFalse();
    }

    [Fact]
    public void Progress_is_a_whole_percentage_rounded_down()
    {
        new CourseProgress(3, 1).Percent.Should().Be(33);
        new CourseProgress(3, 3).Percent.Should().Be(100);
        new CourseProgress(0, 0).Percent.Should().Be(0);
    }

    [Fact]
    public void A_calendar_item_with_a_link_has_a_url_line()
    {
        var text = ICalendar.Write("Календарь", [new CalendarItem("training-event-1@mak-crm", "Вебинар", null, Now, Now.AddHours(1), Now, null, "https://meet.example/a,b")], Now);
        text.Should().Contain("URL:https://meet.example/a,b\r\n").And.NotContain("LOCATION:");
    }
}

import { describe, expect, it } from "vitest";
import ICAL from "ical.js";
import { etagOf } from "../src/index.js";
import { expectProblem, newApi } from "./helpers.js";

const api = newApi();

describe("training", () => {
  it("publishes a course, completes its lesson and reviews homework once", async () => {
    const created = await api.createCourse({ title: `Курс TS ${Date.now()}` });
    expect(created.status).toBe(201);
    const course = (await api.updateCourse(created.result.id, etagOf(created) as string, { status: "published" })).result;
    const lesson = (await api.createCourseLesson(course.id, { title: "Видео", kind: "video", videoUrl: "https://video.example/ts" })).result;
    const assignment = (await api.createCourseAssignment(course.id, { title: "ДЗ", instructions: "Сделать", maxPoints: 5 })).result;

    const first = (await api.completeCourseLesson(course.id, lesson.id)).result;
    const again = (await api.completeCourseLesson(course.id, lesson.id)).result;
    expect(again.completedAt).toEqual(first.completedAt);
    expect((await api.getCourse(course.id)).result.course.progressPercent).toBe(100);

    const submission = (await api.submitHomework(course.id, assignment.id, { text: "Готово" })).result;
    const returned = (await api.decideHomeworkSubmission(submission.id, { decision: "returned", feedback: "Доработать" })).result;
    expect(returned.status).toBe("returned");
    await expectProblem(api.decideHomeworkSubmission(submission.id, { decision: "accepted", points: 1 }), 409, "homework_already_decided");
  });

  it("registers for an event within its capacity and checks in with the code", async () => {
    const startsAt = new Date(Date.now() + 86_400_000);
    startsAt.setUTCMilliseconds(0);
    const event = (
      await api.createTrainingEvent({
        title: "Вебинар TS",
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
        format: "online",
        url: "https://meet.example/ts",
        capacity: 1,
      })
    ).result;
    expect((await api.registerForTrainingEvent(event.id)).result.eventId).toBe(event.id);
    await expectProblem(api.checkInToTrainingEvent(event.id, { code: "WRONG000" }), 422, "check_in_code_invalid");
    const attended = (await api.checkInToTrainingEvent(event.id, { code: event.checkInCode as string })).result;
    expect(attended.attendedVia).toBe("check_in");

    // The event is in the caller's calendar feed, as an independent parser (ical.js) reads it.
    const feed = (await api.issueCalendarFeed()).result;
    const calendar = new ICAL.Component(ICAL.parse(await (await fetch(feed.url)).text()));
    const entry = calendar.getAllSubcomponents("vevent").map((e) => new ICAL.Event(e)).find((e) => e.uid === `training-event-${event.id}@mak-crm`);
    expect(entry).toBeDefined();
    expect(entry!.summary).toBe("Вебинар TS");
    expect(entry!.startDate.toJSDate().getTime()).toBe(new Date(event.startsAt).getTime());
    expect(entry!.component.getFirstPropertyValue("url")).toBe("https://meet.example/ts");
    await api.revokeCalendarFeed();
  });
});

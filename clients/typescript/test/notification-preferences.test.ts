import { afterAll, describe, expect, it } from "vitest";
import { expectProblem, newApi } from "./helpers.js";

const api = newApi();

describe("my notification preferences", () => {
  afterAll(async () => {
    await api.replaceMyNotificationPreferences({ items: [] });
  });

  it("lists every kind and channel with its default, stores a choice and goes back to the defaults", async () => {
    const defaults = (await api.getMyNotificationPreferences()).result.items;
    const overdueMail = defaults.find((p) => p.kind === "task_overdue" && p.channel === "email");
    expect(overdueMail).toEqual({ kind: "task_overdue", channel: "email", enabled: true, chosen: false });
    expect(defaults.filter((p) => p.channel === "in_app").every((p) => p.enabled)).toBe(true);

    const replaced = await api.replaceMyNotificationPreferences({ items: [{ kind: "task_overdue", channel: "email", enabled: false }] });
    expect(replaced.status).toBe(200);
    expect(replaced.result.items.find((p) => p.kind === "task_overdue" && p.channel === "email"))
      .toEqual({ kind: "task_overdue", channel: "email", enabled: false, chosen: true });

    const reset = await api.replaceMyNotificationPreferences({ items: [] });
    expect(reset.result.items).toEqual(defaults);
  });

  it("refuses a kind or a pair twice with 400 validation_failed", async () => {
    const twice = { kind: "lead_assigned", channel: "email", enabled: true } as const;
    await expectProblem(api.replaceMyNotificationPreferences({ items: [twice, twice] }), 400, "validation_failed");
    await expectProblem(
      api.replaceMyNotificationPreferences({ items: [{ kind: "no_such_kind" as never, channel: "email", enabled: true }] }),
      400,
      "validation_failed",
    );
  });
});

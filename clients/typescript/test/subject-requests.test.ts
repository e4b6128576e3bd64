import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { createClient, expectProblem, newApi, nextSmsTo } from "./helpers.js";

const api = newApi();

describe("subject requests", () => {
  it("registers a request on its clock, extends it once, refuses and closes it under If-Match", async () => {
    const { client } = await createClient(api);
    const created = await api.createSubjectRequest(
      { clientId: client.id, kind: "destruction", channel: "cabinet", details: "Удалите мои данные." },
      randomUUID(),
    );
    expect(created.status).toBe(201);
    const request = created.result;
    expect(request).toMatchObject({ status: "received", overdue: false, verificationMethod: null });
    // Ten working days are at least twelve calendar days (received on a Sunday, due on the second Friday after it).
    expect(Date.parse(request.dueOn) - Date.parse(request.receivedAt.slice(0, 10))).toBeGreaterThanOrEqual(
      12 * 86_400_000,
    );

    await expectProblem(api.sendSubjectRequestCode(request.id), 409, "subject_contact_missing");
    await expectProblem(
      api.verifySubjectRequest({ method: "email_code", code: "123456" }, request.id, '"1"'),
      400,
      "subject_request_code_invalid",
    );
    const extended = await api.extendSubjectRequest({ reason: "Нужны данные банка." }, request.id, '"1"');
    expect(extended.result.status).toBe("extended");
    expect(extended.result.dueOn > request.dueOn).toBe(true);
    await expectProblem(
      api.extendSubjectRequest({ reason: "Ещё раз." }, request.id, '"2"'),
      409,
      "subject_request_state",
    );
    await expectProblem(api.answerSubjectRequest({ text: "Ответ" }, request.id, '"2"'), 409, "subject_request_state");
    await expectProblem(api.refuseSubjectRequest({ reason: "Нет." }, request.id, '"1"'), 412, "precondition_failed");
    const refused = await api.refuseSubjectRequest({ reason: "Личность не подтверждена." }, request.id, '"2"');
    expect(refused.result.status).toBe("refused");
    const closed = await api.closeSubjectRequest(request.id, '"3"');
    expect(closed.result.status).toBe("closed");

    expect((await api.getSubjectRequest(request.id)).result.version).toBe(4);
    const listed = await api.listSubjectRequests({ clientId: client.id, kind: "destruction", status: "closed" });
    expect(listed.result.items.map((r) => r.id)).toEqual([request.id]);
    await expectProblem(api.getSubjectRequest(randomUUID()), 404, "not_found");
  });

  it("withdraws the consents of a withdrawal's purposes when it is answered, and no others", async () => {
    const { client } = await createClient(api);
    const give = async (purpose: "advertising_messages" | "personal_data_processing") =>
      (
        await api.createConsent(
          { clientId: client.id, purpose, textVersion: "2026-11", givenAt: new Date(Date.now() - 86_400_000).toISOString(), source: "form" },
          randomUUID(),
        )
      ).result;
    const advertising = await give("advertising_messages");
    const processing = await give("personal_data_processing");

    const missing = await expectProblem(
      api.createSubjectRequest({ clientId: client.id, kind: "consent_withdrawal", channel: "head_office" }, randomUUID()),
      400,
      "validation_failed",
    );
    expect(Object.keys(missing.errors ?? {})).toContain("purposes");
    const created = await api.createSubjectRequest(
      { clientId: client.id, kind: "consent_withdrawal", channel: "head_office", purposes: ["advertising_messages"] },
      randomUUID(),
    );
    expect(created.result.purposes).toEqual(["advertising_messages"]);

    const pdf = new TextEncoder().encode("%PDF-1.4\n%ts\n%%EOF\n");
    const scan = await api.uploadDocument(randomUUID(), { data: new Blob([pdf]), fileName: "Заявление.pdf" }, "scan");
    await api.verifySubjectRequest({ method: "paper", documentId: scan.result.id }, created.result.id, '"1"');
    const answered = await api.answerSubjectRequest({ text: "Рассылки прекращены." }, created.result.id, '"2"');
    expect(answered.result.status).toBe("answered");

    const withdrawn = (await api.getConsent(advertising.id)).result;
    expect(withdrawn.status).toBe("withdrawn");
    expect(withdrawn.withdrawal).toMatchObject({ source: "paper_scan", documentId: scan.result.id });
    expect((await api.getConsent(processing.id)).result.status).toBe("active");
  });

  it("verifies a person by a code sent by SMS to the phone on record, as a phone code only", async () => {
    const { client } = await createClient(api);
    const created = await api.createSubjectRequest({ clientId: client.id, kind: "access", channel: "bot" }, randomUUID());
    const sent = await api.sendSubjectRequestCode(created.result.id, { channel: "sms" });
    expect(sent.status).toBe(202);
    expect(sent.result.channel).toBe("sms");
    expect(sent.result.sentTo).toBe(`+7${"*".repeat(client.phone.length - 6)}${client.phone.slice(-4)}`);

    const code = /\b(\d{6})\b/.exec(await nextSmsTo(client.phone))?.[1] ?? "";
    await expectProblem(
      api.verifySubjectRequest({ method: "email_code", code }, created.result.id, '"1"'),
      400,
      "subject_request_code_invalid",
    );
    const verified = await api.verifySubjectRequest({ method: "phone_code", code }, created.result.id, '"1"');
    expect(verified.result).toMatchObject({ status: "verified", verificationMethod: "phone_code" });
  });
});


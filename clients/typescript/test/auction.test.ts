import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ApiException, MakCrmClient, NotModified, etagOf } from "../src/index.js";
import { approvedFranchisee, expectProblem, newApi, putUpLot } from "./helpers.js";

const api = newApi();

/** A franchisee that registered itself and that head office approved, signed in with its password (no deposit). */
async function newFranchisee(): Promise<MakCrmClient> {
  return (await newFranchiseeWithId()).client;
}

/** A franchisee, with head office's deposit on its ledger. */
async function fundedFranchisee(amount: number): Promise<MakCrmClient> {
  const { client, organizationId } = await newFranchiseeWithId();
  await api.recordDeposit({ organizationId, amount, comment: "Пополнение для торгов" });
  return client;
}

const newFranchiseeWithId = () => approvedFranchisee(api);
const putUp = () => putUpLot(api);

describe("lots", () => {
  it("puts a lead up and shows it to franchisees masked, with its live state and bid history", async () => {
    const lot = await putUp();
    expect(lot).toMatchObject({ status: "live", startPrice: 1000, minNextBid: 1000, reservePrice: 1500, round: 1, eligibleCities: ["Пермь"] });
    expect(lot.contact?.email).toBe("maria@example.ru");

    const franchisee = await newFranchisee();
    const seen = (await franchisee.getLot(lot.id)).result;
    expect(seen.lead).toEqual({ name: "Мария К.", city: "Пермь", requestedAmount: 1_200_000, product: "consumer", source: "partner" });
    expect(seen.contact).toBeNull();
    expect(seen.reservePrice).toBeNull();
    expect((await franchisee.listLots({ status: "open" })).result.items.map((l) => l.id)).toContain(lot.id);

    const live = await franchisee.getLotLiveState(lot.id);
    expect(live.result).toMatchObject({ lotId: lot.id, status: "live", currentPrice: null, minNextBid: 1000, position: "none", bidCount: 0 });
    // Not modified is an answer, not an error: its result is NotModified, and the state is the one already held.
    const unchanged = await franchisee.getLotLiveState(lot.id, etagOf(live));
    expect(unchanged.status).toBe(304);
    expect(unchanged.result).toBe(NotModified);
    expect(etagOf(unchanged)).toBe(etagOf(live));

    expect((await franchisee.listLotBids(lot.id)).result).toEqual({ items: [], nextCursor: null });
  });

  it("refuses a bid the franchisee's balance does not cover, and a bid by head office", async () => {
    const lot = await putUp();
    const franchisee = await newFranchisee();
    const problem = await expectProblem(franchisee.placeBid(lot.id, { amount: 1000 }, randomUUID()), 409, "insufficient_balance");
    expect(problem.availableBalance).toBe(0);
    await expectProblem(api.placeBid(lot.id, { amount: 1000 }), 409, "lot_not_eligible");
    await expectProblem(api.createLot({ leadId: lot.leadId, startPrice: 1, minStep: 1, endsAt: new Date(Date.now() + 60_000).toISOString() }), 409, "lot_already_open");
  });

  it("takes bids that the balance covers, holds them, replays a retried bid and releases the outbid hold", async () => {
    const lot = await putUp();
    const first = await fundedFranchisee(5000);
    const second = await fundedFranchisee(5000);

    const key = randomUUID();
    const bid = await first.placeBid(lot.id, { amount: 1000 }, key);
    expect(bid.status).toBe(201);
    const retried = await first.placeBid(lot.id, { amount: 1000 }, key);
    expect(retried.result.id).toBe(bid.result.id);
    expect((await first.listLotBids(lot.id)).result.items).toHaveLength(1);

    const low = await expectProblem(second.placeBid(lot.id, { amount: 1050 }, randomUUID()), 409, "bid_too_low");
    expect(low.minimumBid).toBe(1100);
    expect((await second.placeBid(lot.id, { amount: 1100 }, randomUUID())).status).toBe(201);

    expect((await first.getLotLiveState(lot.id)).result).toMatchObject({ currentPrice: 1100, minNextBid: 1200, position: "outbid", bidCount: 2 });
    expect((await second.getLotLiveState(lot.id)).result).toMatchObject({ currentPrice: 1100, position: "leading" });
  });
});

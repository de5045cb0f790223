#include <catch2/catch.hpp>

#include "stage.hpp"

using namespace mqlite;

TEST_CASE("stage: names round-trip, parsing ignores ASCII case", "[stage]") {
  for (int i = 0; i <= static_cast<int>(Stage::Disqualified); ++i) {
    const Stage s = static_cast<Stage>(i);
    CHECK(parseStage(stageName(s)) == s);
  }
  CHECK(parseStage("mql") == Stage::MQL);
  CHECK(parseStage("OPPORTUNITY") == Stage::Opportunity);
  CHECK_FALSE(parseStage("Lead"));
  CHECK_FALSE(parseStage(""));
  CHECK_FALSE(parseStage("MQL "));
}

TEST_CASE("stage: the manual table of SPEC section 3", "[stage]") {
  using V = std::vector<Stage>;
  CHECK(manualMoves(Stage::MQL) == V{Stage::SAL, Stage::Recycled, Stage::Disqualified});
  CHECK(manualMoves(Stage::SAL) == V{Stage::SQL, Stage::Recycled, Stage::Disqualified});
  CHECK(manualMoves(Stage::SQL) == V{Stage::Opportunity, Stage::Recycled, Stage::Disqualified});
  CHECK(manualMoves(Stage::Opportunity) == V{Stage::Customer, Stage::Lost});
  CHECK(manualMoves(Stage::Lost) == V{Stage::Recycled});
  for (Stage s : {Stage::Anonymous, Stage::Known, Stage::Engaged, Stage::Recycled, Stage::Customer,
                  Stage::Disqualified})
    CHECK(manualMoves(s).empty());
}

TEST_CASE("stage: allowed moves are not refused", "[stage]") {
  CHECK(refuseManualMove(Stage::MQL, Stage::SAL).empty());
  CHECK(refuseManualMove(Stage::Opportunity, Stage::Lost).empty());
  CHECK(refuseManualMove(Stage::Lost, Stage::Recycled).empty());
}

TEST_CASE("stage: refusals name the stage and the allowed moves", "[stage]") {
  CHECK(refuseManualMove(Stage::SAL, Stage::Customer) ==
        "cannot move from SAL to Customer: allowed moves from SAL are SQL, Recycled, Disqualified");
  CHECK(refuseManualMove(Stage::Opportunity, Stage::MQL) ==
        "cannot move from Opportunity to MQL: allowed moves from Opportunity are Customer, Lost");
  CHECK(refuseManualMove(Stage::MQL, Stage::MQL) ==
        "cannot move from MQL to MQL: allowed moves from MQL are SAL, Recycled, Disqualified");
  CHECK(refuseManualMove(Stage::Customer, Stage::SAL) == "cannot move from Customer to SAL: Customer is final");
  CHECK(refuseManualMove(Stage::Disqualified, Stage::Recycled) ==
        "cannot move from Disqualified to Recycled: Disqualified is final");
  CHECK(refuseManualMove(Stage::Known, Stage::SAL) ==
        "cannot move from Known to SAL: there are no manual moves from Known (it changes automatically; "
        "manual moves start at MQL)");
  CHECK(refuseManualMove(Stage::Recycled, Stage::MQL).find("no manual moves from Recycled") != std::string::npos);
}

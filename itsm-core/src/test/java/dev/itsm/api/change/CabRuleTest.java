package dev.itsm.api.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.api.change.CabRule.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the votes of a change advisory board decide: {@link CabRule#decide(int, int, int, int)}. */
class CabRuleTest {

  @ParameterizedTest(name = "{0} members, {1} approve, {2} reject -> {3}")
  @CsvSource(nullValues = "undecided", value = {
      "3, 3, 0, APPROVE",
      "3, 2, 0, undecided",
      "3, 0, 0, undecided",
      "3, 0, 1, REJECT",
      "3, 2, 1, REJECT",
      "1, 1, 0, APPROVE",
      "1, 0, 1, REJECT"})
  void aBoardRuledByAllApprovesOnlyWhenEveryMemberApprovedAndRejectsAtTheFirstRejection(int members, int approvals,
      int rejections, Vote decision) {
    assertThat(CabRule.all().decide(members, approvals, rejections, 0)).isEqualTo(decision);
  }

  @ParameterizedTest(name = "{0} members, {1} approve, {2} reject -> {3}")
  @CsvSource(nullValues = "undecided", value = {
      "5, 3, 0, APPROVE",
      "5, 3, 2, APPROVE",
      "5, 2, 0, undecided",
      "5, 2, 2, undecided",
      "5, 0, 2, undecided",
      "5, 0, 3, REJECT",
      "5, 2, 3, REJECT",
      "3, 2, 0, APPROVE",
      "3, 1, 1, undecided",
      "3, 0, 2, REJECT"})
  void aBoardDecidesByMajorityWhenMoreThanHalfOfAnOddBoardApproveAndRejectsOnceThatCannotHappen(int members,
      int approvals, int rejections, Vote decision) {
    assertThat(CabRule.majority().decide(members, approvals, rejections, 0)).isEqualTo(decision);
  }

  @ParameterizedTest(name = "{0} members, {1} approve, {2} reject -> {3}")
  @CsvSource(nullValues = "undecided", value = {
      "4, 3, 0, APPROVE",
      "4, 3, 1, APPROVE",
      "4, 2, 0, undecided",
      "4, 2, 1, undecided",
      "4, 0, 1, undecided",
      "4, 2, 2, REJECT",
      "4, 0, 2, REJECT",
      "2, 1, 0, undecided",
      "2, 2, 0, APPROVE",
      "2, 1, 1, REJECT"})
  void aBoardDecidesByMajorityOfAnEvenBoardOnlyBeyondHalfSoATieRejects(int members, int approvals, int rejections,
      Vote decision) {
    assertThat(CabRule.majority().decide(members, approvals, rejections, 0)).isEqualTo(decision);
  }

  @ParameterizedTest(name = "quorum {0} of {1} members, {2} approve, {3} reject -> {4}")
  @CsvSource(nullValues = "undecided", value = {
      "2, 5, 2, 0, APPROVE",
      "2, 5, 2, 3, APPROVE",
      "2, 5, 1, 0, undecided",
      "2, 5, 1, 3, undecided",
      "2, 5, 0, 3, undecided",
      "2, 5, 0, 4, REJECT",
      "2, 5, 1, 4, REJECT",
      "1, 3, 1, 0, APPROVE",
      "1, 3, 0, 2, undecided",
      "1, 3, 0, 3, REJECT",
      "3, 3, 2, 0, undecided",
      "3, 3, 2, 1, REJECT"})
  void aBoardRuledByQuorumApprovesWithTheQuorumsApprovalsAndRejectsOnceTooFewAreLeftToReachIt(int quorum, int members,
      int approvals, int rejections, Vote decision) {
    assertThat(CabRule.quorum(quorum).decide(members, approvals, rejections, 0)).isEqualTo(decision);
  }

  @Test
  void aRequestForInformationByAnyMemberWinsOverApprovalsAndRejections() {
    for (CabRule rule : new CabRule[] {CabRule.all(), CabRule.majority(), CabRule.quorum(2)}) {
      assertThat(rule.decide(5, 0, 0, 1)).as("%s, first vote", rule).isEqualTo(Vote.REQUEST_INFO);
      assertThat(rule.decide(5, 4, 0, 1)).as("%s, enough approvals", rule).isEqualTo(Vote.REQUEST_INFO);
      assertThat(rule.decide(5, 0, 4, 1)).as("%s, enough rejections", rule).isEqualTo(Vote.REQUEST_INFO);
      assertThat(rule.decide(5, 0, 0, 5)).as("%s, everyone asks", rule).isEqualTo(Vote.REQUEST_INFO);
    }
  }

  @Test
  void anUndecidedBoardGivesNoDecisionYet() {
    assertThat(CabRule.all().decide(4, 3, 0, 0)).isNull();
    assertThat(CabRule.majority().decide(4, 1, 1, 0)).isNull();
    assertThat(CabRule.quorum(3).decide(6, 2, 1, 0)).isNull();
  }

  @Test
  void theFactoriesBuildTheirKindWithAQuorumOnlyForQuorum() {
    assertThat(CabRule.all()).isEqualTo(new CabRule(Kind.ALL, 0));
    assertThat(CabRule.majority()).isEqualTo(new CabRule(Kind.MAJORITY, 0));
    assertThat(CabRule.quorum(3)).isEqualTo(new CabRule(Kind.QUORUM, 3));
    assertThat(CabRule.quorum(3).quorum()).isEqualTo(3);
  }

  @Test
  void aQuorumRuleNeedsAQuorumOfAtLeastOne() {
    assertThatThrownBy(() -> CabRule.quorum(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a quorum must be at least 1, but it is 0");
    assertThatThrownBy(() -> new CabRule(Kind.QUORUM, -2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a quorum must be at least 1, but it is -2");
  }

  @Test
  void onlyAQuorumRuleTakesAQuorum() {
    assertThatThrownBy(() -> new CabRule(Kind.ALL, 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("only a QUORUM rule takes a quorum, but ALL has 2");
    assertThatThrownBy(() -> new CabRule(Kind.MAJORITY, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("only a QUORUM rule takes a quorum, but MAJORITY has 1");
    assertThatThrownBy(() -> new CabRule(Kind.ALL, -1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("only a QUORUM rule takes a quorum, but ALL has -1");
  }

  @Test
  void aRuleNeedsAKind() {
    assertThatThrownBy(() -> new CabRule(null, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("kind must not be null");
  }
}

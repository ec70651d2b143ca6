"""The rubric format (see docs/format.md): sections, items, rules, bonus, penalties, grades."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from enum import Enum
from functools import cached_property
from typing import Annotated, Any, Literal

from djkh.i18n import _
from djkh.model.fields import (
    Field,
    FrozenModel,
    Number,
    OptionalCount,
    OptionalNumber,
    OptionalPoints,
    OptionalPositive,
    OptionalSlug,
    OptionalText,
    Points,
    PositiveNumber,
    Slug,
    Text,
    Validator,
    Version,
    empty_list,
    format_error,
    schema_hint,
)


class RuleKind(str, Enum):
    """How a rule turns a finding into a deduction."""

    FLAT = "flat"
    COUNT = "count"
    SHORTFALL = "shortfall"
    THRESHOLD = "threshold"
    JUDGED = "judged"
    LEVELS = "levels"
    REQUIREMENT = "requirement"
    PROPORTION = "proportion"
    EXCESS = "excess"
    BANDS = "bands"
    RANK = "rank"
    RELATIVE = "relative"

    @property
    def relative(self) -> bool:
        """Whether a rule of this kind scores a unit against the whole batch (rank, relative)."""
        return self in _BATCH_KINDS


_BATCH_KINDS = frozenset({RuleKind.RANK, RuleKind.RELATIVE})


class RelativeTo(str, Enum):
    """What a relative rule compares a unit's value with: the batch's best or its mean."""

    BEST = "best"
    MEAN = "mean"


class Better(str, Enum):
    """Which values rank first in a rank or relative rule."""

    HIGHER = "higher"
    LOWER = "lower"


def _rule_kind(value: Any) -> RuleKind:
    try:
        return RuleKind(value)
    except ValueError:
        kinds = ", ".join(kind.value for kind in RuleKind)
        message = _("unknown rule kind '{kind}': use one of {kinds}")
        raise format_error("rule_kind", message.format(kind=value, kinds=kinds)) from None


class Level(FrozenModel):
    """One choice of a levels rule (好/较好/一般/差): what choosing it deducts or adds."""

    name: Text = Field(description="The level as the rubric names it, e.g. 较好.")
    deduct: OptionalPoints = Field(None, description="Points deducted when chosen (0 or more).")
    add: OptionalPoints = Field(None, description="Points added when chosen (0 or more).")

    @property
    def points(self) -> Decimal:
        """What choosing this level deducts or adds."""
        return self.deduct if self.deduct is not None else self.add or Decimal(0)


class Band(FrozenModel):
    """One band of a bands rule (低于80%、70%、60%的，分别扣1、2、3分)."""

    below: OptionalNumber = Field(
        None, description="The band applies when the value is under this."
    )
    above: OptionalNumber = Field(None, description="The band applies when the value is over this.")
    deduct: OptionalPositive = Field(None, description="Points deducted in this band.")
    add: OptionalPositive = Field(None, description="Points added in this band.")

    @property
    def points(self) -> Decimal:
        """What this band deducts or adds."""
        return self.deduct or self.add or Decimal(0)


class Scale(FrozenModel):
    """A circumstance that scales a rule's points (当年破案的减半扣分, 加倍扣分)."""

    id: Slug = Field(description="Findings name the circumstance by it: {value, scale: ID}.")
    text: Text = Field(description="The circumstance as the rubric states it.")
    factor: PositiveNumber = Field(description="The rule's points are multiplied by this.")


class Extra(FrozenModel):
    """Points added to a hit per unit beyond the first (每多一年加扣1分)."""

    text: Text = Field(description="The rubric's words, e.g. 每多一年加扣1分.")
    points: PositiveNumber = Field(description="Points per extra unit, in the rule's direction.")
    unit: OptionalText = Field(None, description="What is counted, e.g. 年.")


class Rule(FrozenModel):
    """One deduction rule (评分说明)."""

    id: Slug = Field(description="Unique within its item; findings name the rule by it.")
    text: Text = Field(description="The rule as written in the original (评分说明).")
    kind: Annotated[
        RuleKind,
        Validator(_rule_kind, str),
        schema_hint(enum=[kind.value for kind in RuleKind]),
    ] = Field(
        RuleKind.FLAT,
        description=(
            "flat: deduct once when the finding is true; count: deduct per occurrence; "
            "shortfall: deduct per unit (or step) short of 'required'; threshold: deduct once "
            "when the value is under 'below' or over 'above'; judged: the assessor chooses the "
            "points, from 'min' to 'deduct' (酌情扣分); levels: one of 'levels' is chosen; "
            "requirement: deduct when not met (or add when met); proportion: points in "
            "proportion to the % achieved; excess: deduct per unit (or step) over 'above'; "
            "bands: the deepest of 'bands' the value falls in; rank: 'points' by the unit's "
            "rank in the batch (全市排名1-5名依次赋予60、57…分); relative: compared with the "
            "batch's best (value ÷ best × add) or mean ('add' above it, 'deduct' below it)."
        ),
    )
    deduct: OptionalPositive = Field(None, description="Points deducted per hit (扣分).")
    add: OptionalPositive = Field(
        None, description="Bonus items only: points added per hit (加分), instead of deduct."
    )
    veto: OptionalText = Field(
        None,
        description="一票否决: a hit forces the unit's grade to this one (a name in 'grades'), "
        "instead of deducting.",
    )
    veto_score: OptionalNumber = Field(
        None,
        description="一票否决 on the score: a hit sets the unit's final score to at most this "
        "(0: 总分计0分), instead of deducting.",
    )
    bars: OptionalText = Field(
        None,
        description="不得申报 / 取消评先资格: a hit bars the unit from this (e.g. 评先评优资格); "
        "the score and grade stand, and every form shows the bar.",
    )
    cap: OptionalPositive = Field(None, description="The most this rule deducts (or adds) in all.")
    required: OptionalPositive = Field(None, description="shortfall: the number to reach.")
    below: OptionalNumber = Field(None, description="threshold: deduct when under this.")
    above: OptionalNumber = Field(None, description="threshold: deduct when over this.")
    unit: OptionalText = Field(None, description="What is counted, e.g. 次 or 天.")
    of: OptionalPositive = Field(
        None,
        description="proportion: the full score of the value, for a score taken from elsewhere "
        "(another body's assessment out of 50: of: 50), converted in proportion (按扣分比例折算); "
        "a share in % (of 100) when not given.",
    )
    min: OptionalPositive = Field(
        None, description="judged: the fewest points a judgement may give (0.5 in 酌情扣0.5-2分)."
    )
    levels: list[Level] = Field(
        default_factory=empty_list,
        description="levels: the choices, each with what it deducts or adds.",
    )
    bands: list[Band] = Field(
        default_factory=empty_list, description="bands: thresholds, each with its own points."
    )
    cumulative: bool = Field(
        False, description="bands: every band hit counts, not only the deepest."
    )
    step: OptionalPositive = Field(
        None,
        description="shortfall, excess: points per whole step of this size (每下降5%扣0.5分).",
    )
    reference: OptionalText = Field(
        None,
        description="shortfall, excess: compare with a number each findings file gives as "
        "'reference' (e.g. 上年发案数) instead of 'required' or 'above'.",
    )
    tier_group: OptionalSlug = Field(
        None,
        description="Rules of an item with the same tier_group: only the highest hit counts "
        "(就高, 不重复计分).",
    )
    scales: list[Scale] = Field(
        default_factory=empty_list, description="Circumstances that scale the points (减半, 加倍)."
    )
    extra: Extra | None = Field(None, description="Points per extra unit (每多一年加扣1分).")
    points: list[Points] = Field(
        default_factory=empty_list,
        description="rank: the points of rank 1, 2, 3… in the batch (60, 57, 54…); a later "
        "rank earns nothing.",
    )
    to: RelativeTo | None = Field(
        None,
        description="relative: best (value ÷ the batch's best × add, 平均分/最高平均分×分值) "
        "or mean (add when better than the batch's mean, deduct when worse).",
    )
    ranks: OptionalCount = Field(
        None,
        description="relative, to: best: only the units ranked 1 to this earn points "
        "(第1名得6分，第2-5名按第1名的比例得分: ranks: 5); the others earn none.",
    )
    better: Better | None = Field(
        None,
        description="rank, relative: which values are better, higher (the default) or lower "
        "(发案数, 用时).",
    )
    owner: OptionalText = Field(
        None,
        description="考核责任单位 of this rule alone: its finding comes from this assessor's "
        "file when several assess a unit (组织科4分、农村科3分…).",
    )

    @property
    def lower_first(self) -> bool:
        """Whether lower values are better in a rank or relative rule (发案数, 用时)."""
        return self.better is Better.LOWER

    @property
    def vetoes(self) -> bool:
        """Whether a hit vetoes (grade, score or eligibility) rather than deducting."""
        return self.veto is not None or self.veto_score is not None or self.bars is not None

    @cached_property  # asked for each finding scored: worked out once per rule
    def per_hit(self) -> Decimal:
        """Points per hit: deducted, or added in a bonus item; 1 for a veto (hit or not)."""
        return self.deduct or self.add or Decimal(1)

    @cached_property
    def adds(self) -> bool:
        """Whether a hit adds points (加分) rather than deducting them."""
        if self.add is not None or self.kind is RuleKind.RANK:
            return True
        entries: list[Level] | list[Band] = self.levels or self.bands
        return bool(entries) and all(entry.add is not None for entry in entries)

    @cached_property
    def levels_by_name(self) -> dict[str, Level]:
        """The levels by name: each unit's choice is looked up in it."""
        return {level.name: level for level in self.levels}


class Vote(FrozenModel):
    """One level of a survey ballot (好, 一般, 差) and what a vote for it is worth."""

    name: Text = Field(description="The level as the ballot names it, e.g. 好 or 优.")
    value: Points = Field(
        description="What one vote is worth: 1, 0.8, 0.6, or 2, 1, 0.5, 0 (the best level's "
        "value is full marks)."
    )


class Survey(FrozenModel):
    """An item scored by a survey (民主测评, 满意度): vote counts per level make its points."""

    text: Text = Field(description="The rubric's words, e.g. (好×1+一般×0.8+差×0.6)÷总票数×100.")
    levels: list[Vote] = Field(min_length=2, description="The ballot's levels, best first.")
    abstain_deduct: OptionalPositive = Field(
        None, description="Points deducted per abstaining ballot (每1份弃权表扣0.2分)."
    )

    @property
    def top(self) -> Decimal:
        """What a vote for the best level is worth: full marks per ballot."""
        return max(vote.value for vote in self.levels)


class Item(FrozenModel):
    """One assessed item (目标) with its standard score (标准分)."""

    id: Slug = Field(description="Unique across the rubric; findings name the item by it.")
    title: Text = Field(description="The item's goal (目标).")
    score: PositiveNumber = Field(description="Standard score (标准分).")
    standards: list[Text] = Field(default_factory=empty_list, description="考核内容及标准")
    methods: list[Text] = Field(default_factory=empty_list, description="评分方法")
    rules: list[Rule] = Field(default_factory=empty_list, description="Deduction rules (评分说明).")
    start: OptionalNumber = Field(
        None,
        description="The points the item starts from before its rules deduct or add: 0 for an "
        "item whose points are earned (得分制); its score when not given.",
    )
    survey: Survey | None = Field(
        None,
        description="民主测评: the item's points come from vote counts, "
        "score × Σ(votes × value) ÷ (valid ballots × the best value), less abstentions.",
    )
    owner: OptionalText = Field(
        None,
        description="考核责任单位: the assessor (department) whose findings file scores this "
        "item when several assess a unit and the rubric combines by owner.",
    )

    def assessed_by(self, assessor: str) -> bool:
        """Whether `assessor` scores (part of) this item: it owns the item or one of its rules,
        or nothing of the item has an owner (考核责任单位)."""
        owners = {self.owner, *(rule.owner for rule in self.rules)} - {None}
        return not owners or assessor in owners

    @property
    def starts_at(self) -> Decimal:
        """The points before any rule: `start`, or the item's score."""
        return self.score if self.start is None else self.start

    @cached_property
    def rules_by_id(self) -> dict[str, Rule]:
        """The rules by id, worked out once: each unit's findings are looked up in it."""
        return {rule.id: rule for rule in self.rules}

    @cached_property
    def scored_rules(self) -> tuple[Rule, ...]:
        """The rules that deduct points."""
        return tuple(rule for rule in self.rules if not rule.vetoes)

    @cached_property
    def veto_rules(self) -> tuple[Rule, ...]:
        """The rules that veto (一票否决) instead of deducting."""
        return tuple(rule for rule in self.rules if rule.veto is not None)

    @cached_property
    def score_veto_rules(self) -> tuple[Rule, ...]:
        """The rules whose hit limits the unit's final score (一票否决, 总分计0分)."""
        return tuple(rule for rule in self.rules if rule.veto_score is not None)

    @cached_property
    def relative_rules(self) -> tuple[Rule, ...]:
        """The rules scored against the whole batch (rank, relative): their points wait for it."""
        return tuple(rule for rule in self.rules if rule.kind.relative)

    @cached_property
    def bar_rules(self) -> tuple[Rule, ...]:
        """The rules whose hit bars the unit from something (不得申报, 取消评先资格)."""
        return tuple(rule for rule in self.rules if rule.bars is not None)

    @cached_property
    def deducts_only(self) -> bool:
        """Whether its points are its score less deductions: no start of its own (得分制), no
        rule that adds points, none scored against the batch."""
        return (
            self.start is None
            and not any(rule.adds for rule in self.rules)
            and not self.relative_rules
        )


class Section(FrozenModel):
    """One section (项目) of the rubric."""

    id: Slug = Field(description="Unique within the rubric.")
    title: Text = Field(description="The section's heading (项目).")
    score: PositiveNumber = Field(description="The section's score: its items' scores added.")
    cap: OptionalPositive = Field(
        None,
        description="The most the section's items lose in all (本部分最多扣N分), "
        "besides each item's own floor.",
    )
    weight: OptionalPositive = Field(
        None,
        description="Weighted parts (占20%, 权重): the section is scored on its own scale and "
        "counts score × weight in the total; give every section a weight, or none.",
    )
    items: list[Item] = Field(min_length=1)

    @property
    def counts(self) -> Decimal:
        """What the section counts for in the total: its score, times its weight if any."""
        return self.score if self.weight is None else self.score * self.weight


class PartItem(FrozenModel):
    """An item of a part scored after the total: the bonus (加分项) or penalties (综合扣分)."""

    id: Slug = Field(description="Unique across the rubric; findings name the item by it.")
    title: Text = Field(description="What earns the points, or costs them.")
    standards: list[Text] = Field(default_factory=empty_list, description="考核内容及标准")
    methods: list[Text] = Field(default_factory=empty_list, description="评分方法")
    rules: list[Rule] = Field(min_length=1, description="The rules, each with 'add' or 'deduct'.")
    owner: OptionalText = Field(
        None, description="考核责任单位: the assessor whose findings file scores this item."
    )

    @cached_property
    def rules_by_id(self) -> dict[str, Rule]:
        """The rules by id, worked out once: each unit's findings are looked up in it."""
        return {rule.id: rule for rule in self.rules}


class BonusItem(PartItem):
    """An item of the bonus part (加分项): its rules add points."""

    title: Text = Field(description="What earns the bonus.")
    rules: list[Rule] = Field(min_length=1, description="Bonus rules, each with 'add'.")


class PenaltyItem(PartItem):
    """An item of the penalty part (综合扣分): its rules deduct from the final score."""

    title: Text = Field(description="What costs points after the total, e.g. 通报批评.")
    rules: list[Rule] = Field(min_length=1, description="Penalty rules, each with 'deduct'.")


class Bonus(FrozenModel):
    """The bonus part (加分项), added on top of the score, up to its cap (封顶) if it has one."""

    title: Text = Field("加分项", description="The heading the forms show.")
    cap: OptionalPositive = Field(
        None,
        description="The most the bonus adds in all (加分最多不超过N分); without it the "
        "bonus has no cap (积分制) and the score may pass the total.",
    )
    items: list[BonusItem] = Field(min_length=1)


class Penalties(FrozenModel):
    """The penalty part (综合扣分): deducted from the final score, up to its cap if it has one."""

    title: Text = Field("综合扣分", description="The heading the forms show.")
    cap: OptionalPositive = Field(
        None, description="The most the penalties deduct in all (最多扣N分)."
    )
    items: list[PenaltyItem] = Field(min_length=1)


class GradeCondition(str, Enum):
    """What bars a unit from a grade band however high its score."""

    VETO = "veto"
    ZERO_SECTION = "zero-section"


class Grade(FrozenModel):
    """A grade band (等次): units scoring at least `min` get it, unless a condition bars them."""

    name: Text = Field(description="e.g. 优秀, 良好, 合格, 不合格.")
    min: Number = Field(description="The lowest score that earns this grade.")
    unless: list[GradeCondition] = Field(
        default_factory=empty_list,
        description="veto: not when any veto rule hit; zero-section: not when a section scores 0.",
    )
    max_share: OptionalPositive = Field(
        None,
        description="名额 (优秀不超过20%): at most this % of a ranking's units get the grade, "
        "in rank order; the others go to the next grade down.",
    )
    max_count: OptionalCount = Field(
        None,
        description="名额 (优秀1个): at most this many units of a ranking get the grade, "
        "in rank order; the others go to the next grade down.",
    )

    @property
    def has_quota(self) -> bool:
        """Whether a ranking limits how many units get this grade (名额)."""
        return self.max_share is not None or self.max_count is not None


class NotApplicable(str, Enum):
    """How an item a findings file marks not applicable (不适用) counts."""

    RESCALE = "rescale"
    FULL = "full"


class RoundAt(str, Enum):
    """Where rounding happens."""

    ITEM = "item"
    TOTAL = "total"


class Rounding(FrozenModel):
    """Decimal places of the scores, rounded half up, per item or on the total."""

    places: Annotated[int, Field(ge=0, le=4)] = Field(description="Decimal places, 0 to 4.")
    at: RoundAt = Field(RoundAt.TOTAL, description="item: every item's score; total: the total.")


class UnitClass(FrozenModel):
    """A class of units (分类考核): the part only units of this class are scored on."""

    id: Slug = Field(description="Findings name the class as unit_class: ID.")
    title: Text = Field(description="e.g. 重点单位, 县委办, 乡镇.")
    group: OptionalText = Field(
        None,
        description="The ranking group (e.g. 重点 or 一般) when the rubric ranks by class: "
        "classes of one group rank together; without it the class ranks alone.",
    )
    sections: list[Section] = Field(
        min_length=1, description="The class's own part, scored after the common sections."
    )


class ClassRanking(str, Enum):
    """How units of different classes are ranked."""

    TOGETHER = "together"
    BY_GROUP = "by-group"


class Combine(str, Enum):
    """How the findings files of several assessors of one unit make its scores."""

    OWNER = "owner"
    MEAN = "mean"
    TRIMMED_MEAN = "trimmed-mean"
    WEIGHTED = "weighted"


class RaterGroup(FrozenModel):
    """A group of assessors and its weight (分管领导×20%): files name it as their assessor."""

    name: Text = Field(description="The group, as findings files name it in 'assessor'.")
    weight: PositiveNumber = Field(description="Its share, 0.2 for 20%; the shares add up to 1.")


class Assessors(FrozenModel):
    """How a unit assessed by several assessors (one findings file each) is scored."""

    combine: Combine = Field(
        description="owner: each item from its owner's file (考核责任单位); mean: the mean of "
        "every file's item scores; trimmed-mean: the mean without the highest and lowest "
        "(去掉一个最高分和一个最低分, 3 files or more); weighted: by rater group."
    )
    groups: list[RaterGroup] = Field(
        default_factory=empty_list, description="weighted: the rater groups and their weights."
    )


class SelfAssessment(FrozenModel):
    """How the unit's own scores (自评) count: 自评占30%."""

    weight: PositiveNumber = Field(
        description="The self score's share of the result, 0.3 for 30%: the result is "
        "self × weight + assessed × (1 − weight)."
    )


class PeriodCombine(str, Enum):
    """How the periods' scores (平时考核) make the periods' part of the year."""

    SUM = "sum"
    MEAN = "mean"
    WEIGHTED = "weighted"


class Periods(FrozenModel):
    """平时考核: the periods a unit is assessed in (one findings file each) and how they make
    its year, with the year-end assessment (年终考评) if the rubric has one."""

    names: list[Text] = Field(
        min_length=1,
        description="The periods in order, as findings files name theirs in 'period': "
        "一季度, 2026Q1, 3月.",
    )
    combine: PeriodCombine = Field(
        description="sum: the periods' scores added (每季度25分, 全年100分); mean: their "
        "average; weighted: each times its share in 'weights'."
    )
    weights: list[PositiveNumber] = Field(
        default_factory=empty_list,
        description="weighted: each period's share, in the order of 'names', 0.2 for 20%; "
        "they add up to 1.",
    )
    year_end: OptionalText = Field(
        None,
        description="The year-end assessment (年终考评), as its findings file names it in "
        "'period'; it counts for 1 − 'weight' of the year.",
    )
    weight: OptionalPositive = Field(
        None,
        description="With 'year_end': the periods' share of the year, 0.5 for 平时考评占50%; "
        "the year-end assessment counts the rest.",
    )

    @property
    def all_names(self) -> list[str]:
        """Every period a unit's files name, the year-end assessment last."""
        return [*self.names, *([self.year_end] if self.year_end is not None else [])]


class Rubric(FrozenModel):
    """A whole rubric version (考核细则)."""

    kind: Literal["rubric"]
    id: Slug = Field(description="The rubric's id; findings name it as id@version.")
    version: Version = Field(description='Quoted text, e.g. "2007".')
    title: Text
    issuer: OptionalText = Field(
        None,
        description="The issuing body (发文单位), e.g. 中共温州市直属机关工作委员会: shown above "
        "the title in the html, xlsx and markdown exports and in djkh show.",
    )
    total: PositiveNumber = Field(description="The full score: the sections' scores added.")
    sections: list[Section] = Field(min_length=1)
    bonus: Bonus | None = Field(None, description="加分项: points added on top, up to a cap.")
    penalties: Penalties | None = Field(
        None, description="综合扣分: points deducted from the final score, up to a cap."
    )
    grades: list[Grade] = Field(
        default_factory=empty_list, description="Grade bands (等次), by minimum score."
    )
    not_applicable: NotApplicable | None = Field(
        None,
        description="How items marked not applicable (不适用) count: rescale (left out, the "
        "score scaled to the total) or full (full marks). Without it, no item may be marked.",
    )
    rounding: Rounding | None = Field(None, description="Rounding of scores, half up.")
    classes: list[UnitClass] = Field(
        default_factory=empty_list,
        description="分类考核: 'sections' are the common part every unit is scored on; each "
        "class adds its own sections, and together they add up to 'total'. Findings name "
        "their class as unit_class: ID.",
    )
    assessors: Assessors | None = Field(
        None,
        description="Several assessors per unit: how their findings files combine. Without "
        "it, two files for one unit and year are an error.",
    )
    self_assessment: SelfAssessment | None = Field(
        None, description="自评占N%: the unit's self scores weighted into the result."
    )
    periods: Periods | None = Field(
        None,
        description="平时考核: the year is made of period files (季度, 月) and the year-end "
        "assessment, combined as this says. Without it, findings name no period.",
    )
    class_ranking: ClassRanking = Field(
        ClassRanking.TOGETHER,
        description="together: one ranking across classes; by-group: one ranking per class "
        "group (a class without 'group' ranks alone).",
    )

    @property
    def ref(self) -> str:
        """`id@version`, as findings files name it."""
        return f"{self.id}@{self.version}"

    @cached_property
    def items_by_id(self) -> dict[str, Item | PartItem]:
        """Every item, scored, bonus and penalty, by id, worked out once."""
        items: dict[str, Item | PartItem] = {
            item.id: item for section in self.sections for item in section.items
        }
        items.update({item.id: item for item in (self.bonus.items if self.bonus else [])})
        items.update({item.id: item for item in self.penalty_items})
        items.update({item.id: item for s in self.class_sections for item in s.items})
        return items

    @cached_property
    def shared_rule_ids(self) -> frozenset[str]:
        """Rule ids that more than one item uses: a message names such a rule with its item."""
        counts = Counter(rule.id for item in self.items_by_id.values() for rule in item.rules)
        return frozenset(rule_id for rule_id, n in counts.items() if n > 1)

    @property
    def class_sections(self) -> list[Section]:
        """The sections of every class's own part (分类考核), none without classes."""
        return [section for unit_class in self.classes for section in unit_class.sections]

    @cached_property
    def classes_by_id(self) -> dict[str, UnitClass]:
        """The unit classes by id."""
        return {unit_class.id: unit_class for unit_class in self.classes}

    @cached_property
    def class_of_item(self) -> dict[str, UnitClass]:
        """Each item of a class's part, with its class."""
        return {
            item.id: unit_class
            for unit_class in self.classes
            for section in unit_class.sections
            for item in section.items
        }

    def for_class(self, class_id: str) -> Rubric:
        """The rubric a unit of this class is scored on: the common sections, then the class's.

        Built afresh (not copied), so nothing worked out for the whole rubric carries over.
        """
        return self.class_rubrics[class_id]

    @cached_property
    def class_rubrics(self) -> dict[str, Rubric]:
        """Each class's rubric, built once: the common sections, then the class's own, and
        no classes (so scoring it again adds nothing)."""
        fields = {name: getattr(self, name) for name in type(self).model_fields}
        return {
            own.id: type(self).model_construct(
                **{**fields, "sections": [*self.sections, *own.sections], "classes": []}
            )
            for own in self.classes
        }

    @property
    def penalty_items(self) -> list[PenaltyItem]:
        """The items of the penalty part, none without one."""
        return self.penalties.items if self.penalties else []

    @cached_property
    def vetoing(self) -> dict[str, tuple[tuple[Item, tuple[Rule, ...]], ...]]:
        """The common sections' items with veto rules, by kind (`veto_rules`, `score_veto_rules`,
        `bar_rules`), each with those rules, in order: most rubrics have none."""
        return {
            kind: tuple(
                (item, rules)
                for section in self.sections
                for item in section.items
                if (rules := getattr(item, kind))
            )
            for kind in ("veto_rules", "score_veto_rules", "bar_rules")
        }

    @cached_property
    def has_relative(self) -> bool:
        """Whether a rule scores units against the whole batch (rank, relative)."""
        return any(item.relative_rules for s in self.sections for item in s.items) or any(
            item.relative_rules for s in self.class_sections for item in s.items
        )

    @cached_property
    def grades_from_top(self) -> tuple[Grade, ...]:
        """The grade bands, the highest minimum first: each unit's grade is looked up in them."""
        return tuple(sorted(self.grades, key=lambda grade: grade.min, reverse=True))

    @property
    def has_quotas(self) -> bool:
        """Whether any grade is limited to a share or number of a ranking's units (名额)."""
        return any(grade.has_quota for grade in self.grades)

    @property
    def weighted(self) -> bool:
        """Whether the sections are weighted parts (占N%)."""
        return any(section.weight is not None for section in self.sections)

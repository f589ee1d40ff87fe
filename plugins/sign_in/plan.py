"""签到规则: the cycle and its rewards — the default plan, the checks a saved plan passes, the
rewards of a day of the cycle, and the plan in words for merchants and members."""

from __future__ import annotations

from plugins.sign_in.errors import InvalidPlan
from plugins.sign_in.schemas import DayRewardIn, PlanIn, PlanOut, RewardIn

# A week of small points, more on the seventh day, and a gift for the whole week (the gym's 连续打卡).
DEFAULT_PLAN = PlanIn(
    cycle_days=7,
    day_rewards=[DayRewardIn(day=d, kind="points", points=5) for d in range(1, 7)]
    + [DayRewardIn(day=7, kind="points", points=20)],
    cycle_rewards=[RewardIn(kind="gift", gift="运动毛巾一条", gift_en="A sports towel")],
)


def _check_reward(reward: RewardIn, where: str, where_en: str) -> None:
    def refuse(zh: str, en: str) -> InvalidPlan:
        return InvalidPlan(reason_zh=f"{where}{zh}", reason=f"{where_en}: {en}")

    if reward.kind == "points" and reward.points <= 0:
        raise refuse("的积分须大于零", "points must be above zero")
    if reward.kind == "coupon" and reward.template_id is None:
        raise refuse("须选择优惠券", "a coupon template is needed")
    if reward.kind == "gift" and not reward.gift.strip():
        raise refuse("须填写礼品名称", "the gift needs a name")
    if reward.kind != "points" and reward.points:
        raise refuse("只有积分奖励填写积分", "only a points reward has points")


def check(plan: PlanIn) -> None:
    """Refuse a plan that cannot be meant: a reward for a day past the cycle, an empty reward."""
    for reward in plan.day_rewards:
        if reward.day > plan.cycle_days:
            raise InvalidPlan(reason_zh=f"周期只有 {plan.cycle_days} 天，没有第 {reward.day} 天",
                              reason=f"the cycle has {plan.cycle_days} days, there is no day {reward.day}")
        _check_reward(reward, f"第 {reward.day} 天", f"day {reward.day}")
    for cycle_reward in plan.cycle_rewards:
        _check_reward(cycle_reward, "连签奖励", "the cycle reward")


def day_rewards(plan: PlanIn, cycle_day: int) -> list[RewardIn]:
    return [RewardIn(kind=r.kind, points=r.points, template_id=r.template_id, gift=r.gift, gift_en=r.gift_en)
            for r in plan.day_rewards if r.day == cycle_day]


def cycle_day_of(streak: int, cycle_days: int) -> int:
    """Day 1..cycle of a streak: a 7-day cycle restarts on the 8th day in a row."""
    return (streak - 1) % cycle_days + 1


def reward_text(reward: RewardIn) -> tuple[str, str]:
    if reward.kind == "points":
        return f"{reward.points} 积分", f"{reward.points} points"
    if reward.kind == "coupon":
        return f"优惠券（模板 {reward.template_id}）", f"a coupon (template {reward.template_id})"
    return f"礼品：{reward.gift}（到店领取）", f"gift: {reward.gift_en or reward.gift} (collect at the store)"


def describe(plan: PlanIn) -> PlanOut:
    zh, en = [], []
    for day in range(1, plan.cycle_days + 1):
        texts = [reward_text(r) for r in day_rewards(plan, day)]
        if texts:
            zh.append(f"第 {day} 天：" + "、".join(t[0] for t in texts))
            en.append(f"Day {day}: " + ", ".join(t[1] for t in texts))
    if plan.cycle_rewards:
        texts = [reward_text(r) for r in plan.cycle_rewards]
        zh.append(f"连续签到 {plan.cycle_days} 天：" + "、".join(t[0] for t in texts))
        en.append(f"{plan.cycle_days} days in a row: " + ", ".join(t[1] for t in texts))
    return PlanOut(cycle_days=plan.cycle_days, day_rewards=plan.day_rewards, cycle_rewards=plan.cycle_rewards,
                   description=zh, description_en=en)

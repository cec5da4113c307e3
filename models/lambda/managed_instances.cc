// models/lambda/managed_instances.cc — ManagedFleet (managed_instances.h).
#include "models/lambda/managed_instances.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace lambdasim {

ManagedFleet::ManagedFleet(const ManagedInstancesSpec& spec, sim::Time start)
    : spec_(spec),
      envs_per_instance_(std::max<int64_t>(1, spec.environments_per_instance)),
      c_(static_cast<uint32_t>(std::max<int64_t>(1, spec.per_environment_concurrency))),
      slots_per_instance_(envs_per_instance_ * static_cast<int64_t>(c_)),
      usd_per_ns_per_instance_(spec.instance_price_per_hour_usd * (1.0 + spec.management_fee) /
                               3.6e12),
      level_(c_),
      nonempty_((c_ + 63) / 64, 0),
      low_since_(start),
      billed_until_(start),
      stats_from_(start) {
  const int64_t initial = std::max<int64_t>(1, spec.min_instances);
  for (int64_t i = 0; i < initial; ++i) AddInstance();
  history_.emplace_back(start, active_);
  stats_.instances_max = active_;
  stats_.capacity_max = capacity();
}

void ManagedFleet::SetLevel(uint32_t env, uint32_t level) {
  // Out of its current list (if it has room), into the new one (if it still has room).
  const uint32_t old = load_[env];
  if (old < c_) {
    auto& list = level_[old];
    const uint32_t p = pos_[env];
    const uint32_t last = list.back();
    list[p] = last;
    pos_[last] = p;
    list.pop_back();
    if (list.empty()) nonempty_[old / 64] &= ~(uint64_t{1} << (old % 64));
  }
  load_[env] = level;
  if (level < c_) {
    auto& list = level_[level];
    pos_[env] = static_cast<uint32_t>(list.size());
    list.push_back(env);
    nonempty_[level / 64] |= uint64_t{1} << (level % 64);
  }
}

void ManagedFleet::AddInstance() {
  uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = static_cast<uint32_t>(slot_active_.size());
    slot_active_.push_back(0);
    slot_busy_.push_back(0);
    const size_t n = load_.size() + static_cast<size_t>(envs_per_instance_);
    load_.resize(n, c_);  // "full" = in no list until placed below
    pos_.resize(n, 0);
  }
  slot_active_[slot] = 1;
  slot_busy_[slot] = 0;
  const auto first = static_cast<uint32_t>(slot * static_cast<uint64_t>(envs_per_instance_));
  for (int64_t k = 0; k < envs_per_instance_; ++k) {
    const uint32_t env = first + static_cast<uint32_t>(k);
    load_[env] = c_;
    SetLevel(env, 0);
  }
  ++active_;
}

bool ManagedFleet::RemoveIdleInstance() {
  for (size_t s = slot_active_.size(); s-- > 0;) {
    if (!slot_active_[s] || slot_busy_[s] != 0) continue;
    const auto first = static_cast<uint32_t>(s * static_cast<uint64_t>(envs_per_instance_));
    for (int64_t k = 0; k < envs_per_instance_; ++k) SetLevel(first + static_cast<uint32_t>(k), c_);
    slot_active_[s] = 0;
    free_slots_.push_back(static_cast<uint32_t>(s));
    --active_;
    return true;
  }
  return false;
}

uint32_t ManagedFleet::Acquire(sim::Time /*now*/) {
  // The highest non-empty level below c: the fullest environment with room.
  for (size_t w = nonempty_.size(); w-- > 0;) {
    const uint64_t bits = nonempty_[w];
    if (bits == 0) continue;
    const auto level =
        static_cast<uint32_t>(w * 64 + 63 - static_cast<size_t>(std::countl_zero(bits)));
    const uint32_t env = level_[level].back();
    if (level == 0) ++busy_envs_;
    SetLevel(env, level + 1);
    ++slot_busy_[env / static_cast<uint64_t>(envs_per_instance_)];
    ++in_flight_;
    peak_since_eval_ = std::max(peak_since_eval_, in_flight_);
    stats_.environments_busy_max = std::max(stats_.environments_busy_max, busy_envs_);
    return env;
  }
  return kNone;
}

void ManagedFleet::Release(uint32_t env) {
  const uint32_t level = load_[env] - 1;
  SetLevel(env, level);
  if (level == 0) --busy_envs_;
  --slot_busy_[env / static_cast<uint64_t>(envs_per_instance_)];
  --in_flight_;
}

void ManagedFleet::NoteFleetSize(sim::Time now) {
  history_.emplace_back(now, active_ + pending_);
  stats_.instances_max = std::max(stats_.instances_max, active_ + pending_);
}

int64_t ManagedFleet::Evaluate(sim::Time now) {
  const int64_t peak = std::max(peak_since_eval_, in_flight_);
  peak_since_eval_ = in_flight_;
  const double per_instance = spec_.target_utilization * static_cast<double>(slots_per_instance_);
  auto wanted = static_cast<int64_t>(std::ceil(static_cast<double>(peak) / per_instance - 1e-9));
  wanted =
      std::clamp<int64_t>(wanted, std::max<int64_t>(1, spec_.min_instances), spec_.max_instances);
  const int64_t fleet = active_ + pending_;
  // The fleet's size growth_window ago: the last change at or before then.
  const sim::Time window_start = now - spec_.growth_window;
  while (history_.size() > 1 && history_[1].first <= window_start) history_.pop_front();
  const int64_t base = history_.front().second;
  if (wanted > fleet) {
    low_ = false;
    const auto cap =
        static_cast<int64_t>(std::floor(spec_.growth_factor * static_cast<double>(base) + 1e-9));
    const int64_t target = std::min({wanted, std::max(cap, fleet), spec_.max_instances});
    const int64_t launch = target - fleet;
    if (launch > 0) {
      BillUpTo(now);  // the size changes: bill the old size up to now
      pending_ += launch;
      stats_.instances_launched += launch;
      NoteFleetSize(now);
    }
    return std::max<int64_t>(launch, 0);
  }
  if (wanted < fleet && pending_ == 0) {
    if (!low_) {
      low_ = true;
      low_since_ = now;
    }
    if (now - low_since_ >= spec_.scale_in_delay) {
      BillUpTo(now);
      bool removed = false;
      while (active_ > wanted && RemoveIdleInstance()) removed = true;
      if (removed) NoteFleetSize(now);
    }
  } else {
    low_ = false;
  }
  return 0;
}

void ManagedFleet::OnLaunched(sim::Time now, int64_t count) {
  BillUpTo(now);
  for (int64_t i = 0; i < count; ++i) AddInstance();
  pending_ -= count;
  stats_.capacity_max = std::max(stats_.capacity_max, capacity());
}

void ManagedFleet::BillUpTo(sim::Time now) {
  if (now <= billed_until_) return;
  const double dt_ns = static_cast<double>(now.ns() - billed_until_.ns());
  const double instances = static_cast<double>(active_ + pending_);
  billed_until_ = now;
  instance_ns_ += instances * dt_ns;
  unbilled_usd_ += instances * dt_ns * usd_per_ns_per_instance_;
}

double ManagedFleet::TakeCost(sim::Time now) {
  BillUpTo(now);
  const double usd = unbilled_usd_;
  unbilled_usd_ = 0;
  return usd;
}

void ManagedFleet::BeginMeasurement(sim::Time t0) {
  BillUpTo(t0);
  stats_from_ = t0;
  instance_ns_ = 0;
  unbilled_usd_ = 0;
  stats_ = ManagedFleetStats{};
  stats_.instances_max = active_ + pending_;
  stats_.environments_busy_max = busy_envs_;
  stats_.capacity_max = capacity();
}

ManagedFleetStats ManagedFleet::Stats(sim::Time end) const {
  ManagedFleetStats s = stats_;
  const double span_ns = static_cast<double>(end.ns() - stats_from_.ns());
  s.instance_hours = instance_ns_ / 3.6e12;
  s.instances_mean = span_ns > 0 ? instance_ns_ / span_ns : 0.0;
  return s;
}

}  // namespace lambdasim

// models/lambda/ring_deque.h — a growable circular buffer with deque operations.
//
// Used for pools and sliding windows on the hot path: push/pop at both ends are O(1) and
// never allocate once capacity has reached the peak size (capacity doubles, never shrinks).
#pragma once

#include <cstddef>
#include <vector>

namespace lambdasim {

template <class T>
class RingDeque {
 public:
  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }
  T& front() { return buf_[head_]; }
  T& back() { return buf_[Index(size_ - 1)]; }
  const T& front() const { return buf_[head_]; }
  const T& back() const { return buf_[Index(size_ - 1)]; }
  const T& operator[](size_t i) const { return buf_[Index(i)]; }
  T& operator[](size_t i) { return buf_[Index(i)]; }

  void push_back(const T& v) {
    if (size_ == buf_.size()) Grow();
    buf_[Index(size_)] = v;
    ++size_;
  }
  void pop_back() { --size_; }
  void pop_front() {
    head_ = head_ + 1 == buf_.size() ? 0 : head_ + 1;
    --size_;
  }
  void clear() { head_ = size_ = 0; }

 private:
  size_t Index(size_t i) const {
    const size_t j = head_ + i;
    return j >= buf_.size() ? j - buf_.size() : j;
  }
  void Grow() {
    std::vector<T> next(buf_.empty() ? 16 : buf_.size() * 2);
    for (size_t i = 0; i < size_; ++i) next[i] = buf_[Index(i)];
    buf_.swap(next);
    head_ = 0;
  }

  std::vector<T> buf_;
  size_t head_ = 0;
  size_t size_ = 0;
};

}  // namespace lambdasim

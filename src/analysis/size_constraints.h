// Solving what the nodes require of the sizes: for each requirement, the
// values of its unknowns at which the node runs, found by evaluating it over
// a range of sizes (exact for the expressions the analysis builds, which are
// polynomials with floors, mins and maxes). A requirement met by a handful of
// values and by no large one has frozen the size.
#pragma once

#include <vector>

#include "analysis/sym_state.h"

namespace onnx_lint {

std::vector<FrozenSize> solve_constraints(const Model& model, const AtomTable& atoms,
                                          const std::vector<SizeConstraint>& constraints);

}  // namespace onnx_lint

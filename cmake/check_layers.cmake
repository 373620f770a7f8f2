# Fails the build when a file includes what its layer may not. Run by the
# build (see the top-level CMakeLists.txt) with -DROOT=<source dir> -DSTAMP=<file>.
#
# Each layer may include its own folder's headers (a quoted name without '/'),
# the public headers and internal headers listed for it, and nothing of the
# layers above it. Only src/load may include protobuf or libonnx headers.

# Layer folder -> regex of the quoted includes it may use.
set(PUBLIC_GRAPH "onnx_lint/model\\.h|graph/")
set(ALLOWED_src/graph "^(${PUBLIC_GRAPH})")
set(ALLOWED_src/load "^(${PUBLIC_GRAPH}|onnx_lint/loader\\.h|load/)")
set(ALLOWED_src/analysis "^(${PUBLIC_GRAPH}|analysis/)")
set(ALLOWED_src/diagnostics "^(${PUBLIC_GRAPH}|onnx_lint/(diagnostic|report)\\.h|diagnostics/)")
set(ALLOWED_rules
    "^(${PUBLIC_GRAPH}|onnx_lint/(diagnostic|report|rule|registry|target)\\.h|analysis/|diagnostics/)")
set(ALLOWED_src/engine
    "^(${PUBLIC_GRAPH}|onnx_lint/(diagnostic|report|rule|registry|target|loader|settings|linter|batch)\\.h|analysis/|diagnostics/|engine/)")
set(ALLOWED_src/report "^(${PUBLIC_GRAPH}|onnx_lint/(diagnostic|report|writers)\\.h|diagnostics/|report/)")
set(ALLOWED_src/cli "^(onnx_lint/|cli/|engine/|report/|diagnostics/|analysis/)")
# Public headers belong to the layer that implements them.
set(HEADER_LAYER_model src/graph)
set(HEADER_LAYER_loader src/load)
set(HEADER_LAYER_diagnostic src/diagnostics)
set(HEADER_LAYER_report src/diagnostics)
set(HEADER_LAYER_rule rules)
set(HEADER_LAYER_registry rules)
set(HEADER_LAYER_target rules)
set(HEADER_LAYER_settings src/engine)
set(HEADER_LAYER_linter src/engine)
set(HEADER_LAYER_batch src/engine)
set(HEADER_LAYER_writers src/report)

file(GLOB_RECURSE files ${ROOT}/src/*.h ${ROOT}/src/*.cc ${ROOT}/rules/*.h ${ROOT}/rules/*.cc
     ${ROOT}/include/onnx_lint/*.h)
set(problems "")
foreach(f IN LISTS files)
  file(RELATIVE_PATH rel ${ROOT} ${f})
  if(rel MATCHES "^include/onnx_lint/([a-z_]+)\\.h$")
    set(layer "${HEADER_LAYER_${CMAKE_MATCH_1}}")
    if(layer STREQUAL "")
      string(APPEND problems "  ${rel}: a public header no layer owns (add it to cmake/check_layers.cmake)\n")
      continue()
    endif()
  else()
    get_filename_component(layer ${rel} DIRECTORY)
  endif()
  if(NOT DEFINED ALLOWED_${layer})
    string(APPEND problems "  ${rel}: in no known layer folder\n")
    continue()
  endif()
  file(STRINGS ${f} lines REGEX "^[ \t]*#[ \t]*include")
  foreach(line IN LISTS lines)
    if(line MATCHES "<(google/protobuf|onnx)/" AND NOT layer STREQUAL "src/load")
      string(APPEND problems "  ${rel}: ${line} (only src/load may see protobuf and libonnx)\n")
    elseif(line MATCHES "\"([^\"]+)\"")
      set(target "${CMAKE_MATCH_1}")
      if(NOT target MATCHES "/" OR target MATCHES "${ALLOWED_${layer}}")
        continue()
      endif()
      string(APPEND problems "  ${rel}: ${line} (not allowed in ${layer})\n")
    endif()
  endforeach()
endforeach()
if(NOT problems STREQUAL "")
  message(FATAL_ERROR "Layering broken:\n${problems}See the layer table in cmake/check_layers.cmake.")
endif()
file(WRITE ${STAMP} "ok\n")

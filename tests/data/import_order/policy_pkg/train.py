"""The training entry point: it must not import policy_pkg.tensorrt_utils."""


def main():
    return "training"

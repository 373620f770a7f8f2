"""Stands for the team's TensorRT utilities: importing it touches the GPU."""


def build_engine(path):
    return path

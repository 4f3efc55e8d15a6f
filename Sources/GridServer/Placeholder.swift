import GridStore
